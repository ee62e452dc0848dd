//! Dates and instants as YouTube writes them, normalised for tool output.
//!
//! A publish date arrives either as a bare day (`2023-02-27`) or as a local timestamp with its
//! offset (`2018-08-02T06:00:08-07:00`); a scheduled start arrives as Unix seconds
//! (`"1677592800"`) or as an RFC 3339 timestamp. Tools show a day as `YYYY-MM-DD` and an instant
//! as RFC 3339 in UTC (`2023-02-28T14:00:00Z`). Anything else is refused, never guessed.

/// The latest instant we format: 9999-12-31T23:59:59Z, so years always have four digits.
const MAX_UNIX_SECONDS: i64 = 253_402_300_799;

const SECONDS_PER_DAY: i64 = 86_400;

/// The day of a publish date as `YYYY-MM-DD`, or `None` when the text is neither form.
///
/// The day is the one YouTube wrote (the uploader's local day), not shifted to UTC, because
/// that is the date YouTube itself shows under the video.
pub(crate) fn calendar_day(text: &str) -> Option<String> {
    let day = text.get(..10)?;
    parse_day(day)?;

    let rest = &text[10..];
    let time_is_valid = rest.is_empty() || rest.strip_prefix('T').and_then(parse_time).is_some();
    time_is_valid.then(|| day.to_owned())
}

/// An RFC 3339 timestamp with any offset, restated in UTC.
pub(crate) fn utc_from_rfc3339(text: &str) -> Option<String> {
    let days = parse_day(text.get(..10)?)?;
    let seconds_of_day = text[10..].strip_prefix('T').and_then(parse_time)?;
    utc_rfc3339(days * SECONDS_PER_DAY + seconds_of_day)
}

/// Unix seconds written as a decimal string, as RFC 3339 in UTC.
pub(crate) fn utc_from_unix_seconds(text: &str) -> Option<String> {
    let seconds = digits(text)?.parse::<i64>().ok()?;
    utc_rfc3339(seconds)
}

fn utc_rfc3339(unix_seconds: i64) -> Option<String> {
    if !(0..=MAX_UNIX_SECONDS).contains(&unix_seconds) {
        return None;
    }
    let (year, month, day) = civil_from_days(unix_seconds.div_euclid(SECONDS_PER_DAY));
    let second_of_day = unix_seconds.rem_euclid(SECONDS_PER_DAY);
    let (hour, minute, second) =
        (second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
    Some(format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z"))
}

/// `YYYY-MM-DD` as days since 1970-01-01, when it names a real day.
fn parse_day(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i64 = digits(&text[..4])?.parse().ok()?;
    let month: u32 = digits(&text[5..7])?.parse().ok()?;
    let day: u32 = digits(&text[8..])?.parse().ok()?;

    let valid = (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
    valid.then(|| days_from_civil(year, month, day))
}

/// `HH:MM:SS[.fraction](Z|±HH:MM)` as UTC seconds from the start of the day (may leave 0..86400).
fn parse_time(text: &str) -> Option<i64> {
    let clock = text.get(..8)?;
    let bytes = clock.as_bytes();
    if bytes[2] != b':' || bytes[5] != b':' {
        return None;
    }
    let hour: i64 = digits(&clock[..2])?.parse().ok()?;
    let minute: i64 = digits(&clock[3..5])?.parse().ok()?;
    let second: i64 = digits(&clock[6..])?.parse().ok()?;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }

    let zone = skip_fraction(&text[8..])?;
    Some(hour * 3600 + minute * 60 + second - offset_seconds(zone)?)
}

fn skip_fraction(text: &str) -> Option<&str> {
    let Some(fraction) = text.strip_prefix('.') else {
        return Some(text);
    };
    let end = fraction.find(|c: char| !c.is_ascii_digit()).unwrap_or(fraction.len());
    (end > 0).then(|| &fraction[end..])
}

/// `Z` or `±HH:MM` as seconds east of UTC.
fn offset_seconds(zone: &str) -> Option<i64> {
    if zone == "Z" || zone == "z" {
        return Some(0);
    }
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, minutes) = zone[1..].split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hours: i64 = digits(hours)?.parse().ok()?;
    let minutes: i64 = digits(minutes)?.parse().ok()?;
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 3600 + minutes * 60))
}

/// The text itself when it is one or more ASCII digits (no sign, no spaces).
fn digits(text: &str) -> Option<&str> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then_some(text)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = i64::from((month + 9) % 12);
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_timestamp_keeps_the_local_day_youtube_wrote() {
        assert_eq!(calendar_day("2018-08-02T06:00:08-07:00").as_deref(), Some("2018-08-02"));
        assert_eq!(calendar_day("2022-08-07T20:40:23-07:00").as_deref(), Some("2022-08-07"));
    }

    #[test]
    fn bare_publish_day_is_kept() {
        assert_eq!(calendar_day("2023-02-27").as_deref(), Some("2023-02-27"));
    }

    #[test]
    fn malformed_publish_dates_are_refused() {
        for text in [
            "",
            "Feb 27, 2023",
            "2023-02-30",
            "2023-13-01",
            "2023-2-27",
            "2023-02-27 06:00",
            "2023-02-27T06:00:08",
            "2023-02-27T25:00:08Z",
            "2023-02-27T06:00:08+0700",
            "+023-02-27",
        ] {
            assert_eq!(calendar_day(text), None, "{text:?} should be refused");
        }
    }

    #[test]
    fn leap_day_is_a_real_day_only_in_leap_years() {
        assert_eq!(calendar_day("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(calendar_day("2000-02-29").as_deref(), Some("2000-02-29"));
        assert_eq!(calendar_day("1900-02-29"), None);
        assert_eq!(calendar_day("2023-02-29"), None);
    }

    #[test]
    fn rfc3339_with_offset_is_restated_in_utc() {
        let utc = utc_from_rfc3339("2023-02-28T14:00:00+00:00");
        assert_eq!(utc.as_deref(), Some("2023-02-28T14:00:00Z"));

        let crossing_midnight = utc_from_rfc3339("2018-08-02T20:00:08.250-07:00");
        assert_eq!(crossing_midnight.as_deref(), Some("2018-08-03T03:00:08Z"));
    }

    #[test]
    fn unix_seconds_become_utc_timestamps() {
        assert_eq!(utc_from_unix_seconds("1677592800").as_deref(), Some("2023-02-28T14:00:00Z"));
        assert_eq!(utc_from_unix_seconds("0").as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(utc_from_unix_seconds("951782400").as_deref(), Some("2000-02-29T00:00:00Z"));
    }

    #[test]
    fn unusable_unix_seconds_are_refused() {
        for text in ["", "-5", "+5", "16775928OO", "99999999999999", "1.5"] {
            assert_eq!(utc_from_unix_seconds(text), None, "{text:?} should be refused");
        }
    }

    #[test]
    fn day_arithmetic_round_trips_across_four_centuries() {
        for days in (-1_000..150_000).step_by(37) {
            let (year, month, day) = civil_from_days(days);
            let month = u32::try_from(month).expect("month is 1..=12");
            let day = u32::try_from(day).expect("day is 1..=31");
            assert_eq!(days_from_civil(year, month, day), days);
        }
    }
}

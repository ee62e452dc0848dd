//! Time values as the tools show and store them: `m:ss` labels and millisecond rounding.

/// Seconds in one minute and one hour, for splitting a time into clock fields.
const SECONDS_PER_MINUTE: u64 = 60;
const SECONDS_PER_HOUR: u64 = 60 * SECONDS_PER_MINUTE;

/// Milliseconds per second: the precision every transcript time is kept at.
const MILLIS_PER_SECOND: f64 = 1000.0;

/// A clock label for a point in a video: `m:ss` under an hour, `h:mm:ss` from one hour on.
///
/// The time is floored to whole seconds, as a video player's clock shows it (`59.9` is `0:59`).
/// Hours are not wrapped into days, so a 100-hour stream reads `100:00:00`. A negative or
/// non-finite input (which validated transcripts never contain) is shown as `0:00`.
pub fn format_timestamp(seconds: f64) -> String {
    let whole = whole_seconds(seconds);
    let (hours, rest) = (whole / SECONDS_PER_HOUR, whole % SECONDS_PER_HOUR);
    let (minutes, secs) = (rest / SECONDS_PER_MINUTE, rest % SECONDS_PER_MINUTE);

    if hours == 0 {
        format!("{minutes}:{secs:02}")
    } else {
        format!("{hours}:{minutes:02}:{secs:02}")
    }
}

/// Rounds to the nearest millisecond, the finest step YouTube's caption formats express.
///
/// Binary floating point cannot hold most decimal fractions exactly, so subtractions such as
/// `5.7 - 1.54` leave noise in the last digits; rounding keeps JSON output short and stable.
/// Negative zero becomes zero. Values too large to scale (and NaN or infinities) come back
/// unchanged, since they have no millisecond digits to round.
pub fn round_ms(x: f64) -> f64 {
    let scaled = x * MILLIS_PER_SECOND;
    if !scaled.is_finite() {
        return x;
    }

    // Adding zero turns `-0.0` into `0.0`, so `-0.0004` does not print as `-0`.
    scaled.round() / MILLIS_PER_SECOND + 0.0
}

/// Whole seconds, floored; zero for anything negative or not finite.
fn whole_seconds(seconds: f64) -> u64 {
    if !seconds.is_finite() || seconds <= 0.0 {
        return 0;
    }

    // `as` saturates at u64::MAX for huge values: no panic, no wrap.
    seconds.floor() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first minute shows as `0:ss` with a two-digit second field.
    #[test]
    fn times_under_a_minute_show_zero_minutes() {
        assert_eq!(format_timestamp(0.0), "0:00");
        assert_eq!(format_timestamp(5.0), "0:05");
        assert_eq!(format_timestamp(59.9), "0:59");
    }

    /// Minutes are not padded under an hour; seconds are.
    #[test]
    fn times_under_an_hour_show_minutes_and_seconds() {
        assert_eq!(format_timestamp(60.0), "1:00");
        assert_eq!(format_timestamp(754.3), "12:34");
        assert_eq!(format_timestamp(3599.999), "59:59");
    }

    /// From one hour on, minutes get two digits and hours are never wrapped.
    #[test]
    fn times_from_an_hour_show_hours_minutes_and_seconds() {
        assert_eq!(format_timestamp(3600.0), "1:00:00");
        assert_eq!(format_timestamp(3725.5), "1:02:05");
        assert_eq!(format_timestamp(360_000.0), "100:00:00");
    }

    /// Inputs a validated transcript never holds still give a label, not a panic.
    #[test]
    fn negative_and_non_finite_times_show_as_zero() {
        assert_eq!(format_timestamp(-3.0), "0:00");
        assert_eq!(format_timestamp(f64::NAN), "0:00");
        assert_eq!(format_timestamp(f64::INFINITY), "0:00");
    }

    /// A finite time beyond any real video saturates instead of wrapping around.
    #[test]
    fn huge_times_saturate_instead_of_wrapping() {
        assert_eq!(format_timestamp(f64::MAX), "5124095576030431:00:15");
    }

    /// Rounding keeps three decimals and removes subtraction noise.
    #[test]
    fn round_ms_keeps_millisecond_precision() {
        assert_eq!(round_ms(1.2344), 1.234);
        assert_eq!(round_ms(1.2346), 1.235);
        assert_eq!(round_ms(5.7 - 1.54), 4.16);
        assert_eq!(round_ms(3.239), 3.239);
    }

    /// A tiny negative value rounds to a positive zero.
    #[test]
    fn round_ms_turns_negative_zero_into_zero() {
        let rounded = round_ms(-0.0004);
        assert_eq!(rounded, 0.0);
        assert!(rounded.is_sign_positive());
    }

    /// Values without millisecond digits to round pass through.
    #[test]
    fn round_ms_leaves_huge_and_non_finite_values_alone() {
        assert_eq!(round_ms(f64::MAX), f64::MAX);
        assert_eq!(round_ms(f64::INFINITY), f64::INFINITY);
        assert!(round_ms(f64::NAN).is_nan());
    }
}

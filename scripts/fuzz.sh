#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for SECONDS seconds each, one after the other.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 60 seconds, all targets)
#
# Installs cargo-fuzz into $CARGO_FUZZ_ROOT (default ~/.cargo) when it is missing. Builds with
# the nightly toolchain when rustup has one, else with stable and RUSTC_BOOTSTRAP=1 (cargo-fuzz
# passes -Z flags). Each run starts from the committed seeds (fuzz/seeds/<target>/, plus the
# recorded fixtures for the parsers that read them) and the corpus of earlier runs, uses the
# target's dictionary, and ends with libFuzzer's figures; a crash input lands in
# fuzz/artifacts/<target>/ and stops the script with a non-zero status.
# Set CARGO_TARGET_DIR to build elsewhere; JOBS=N runs N fuzzing processes (logs then go to
# fuzz/fuzz-<n>.log, as libFuzzer does).
set -euo pipefail

seconds="${1:-60}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz_dir="$root/fuzz"
fixtures="$root/tests/fixtures/youtube"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(video_ref player_response transcript_srv1)
fi

# cargo-fuzz: on PATH, in the chosen root, or installed there now.
fuzz_root="${CARGO_FUZZ_ROOT:-$HOME/.cargo}"
export PATH="$fuzz_root/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz into $fuzz_root" >&2
    cargo install cargo-fuzz --locked --root "$fuzz_root"
fi

# Nightly when available; stable accepts cargo-fuzz's -Z flags only with RUSTC_BOOTSTRAP.
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    cargo_fuzz=(cargo +nightly fuzz)
else
    echo "no nightly toolchain: using stable with RUSTC_BOOTSTRAP=1" >&2
    export RUSTC_BOOTSTRAP=1
    cargo_fuzz=(cargo fuzz)
fi

# The recorded inputs that seed a target besides its own seeds/ folder.
fixture_seeds() {
    case "$1" in
        player_response) ls "$fixtures"/player_*.json ;;
        transcript_srv1) ls "$fixtures"/timedtext_srv1_*.xml ;;
    esac
}

parallel=()
if [ "${JOBS:-1}" -gt 1 ]; then
    parallel=(-jobs="$JOBS" -workers="$JOBS")
fi

cd "$fuzz_dir"
for target in "${targets[@]}"; do
    corpus="corpus/$target"
    mkdir -p "$corpus"
    cp "seeds/$target"/* "$corpus"/
    for fixture in $(fixture_seeds "$target"); do
        cp "$fixture" "$corpus"/
    done

    echo "== $target: ${seconds}s from $(ls "$corpus" | wc -l) corpus files" >&2
    "${cargo_fuzz[@]}" run "$target" "$corpus" -- \
        -max_total_time="$seconds" -dict="dicts/$target.dict" -print_final_stats=1 \
        ${parallel[@]+"${parallel[@]}"}
done

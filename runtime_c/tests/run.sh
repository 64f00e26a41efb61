#!/bin/sh
# Builds and runs the C runtime's tests: each tests/test_*.c normally (-O2),
# at -O0, with the runtime's fallbacks (no inline fast path, no membarrier:
# the locked-exchange release), and with ThreadSanitizer.  A test passes when it exits 0, prints
# exactly "ok" and writes nothing to stderr (so any TSan report fails it).
# Usage: runtime_c/tests/run.sh [TEST_NAME...]      (env: CC, default gcc)
# With ATOMICC_SOLO=0 in the environment (see runtime_c/atomicc_rt.h) the
# tests run with the single-thread fast paths off, so even their short
# single-threaded parts take the locked / transactional paths; the tests that
# check solo mode itself (SOLO_TESTS) always run with it unset.
set -u
here=$(cd "$(dirname "$0")" && pwd)
rt=$(dirname "$here")
CC=${CC:-gcc}
TIMEOUT=${ATOMICC_TEST_TIMEOUT:-5}
WARN="-std=gnu11 -Wall -Wextra -Werror"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/atomicc-rt-tests.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
pass=0
SOLO_TESTS=" test_aop_solo test_global_solo test_pv_solo test_pv_retry test_stm_types test_stm_alloc test_stm_stats "

bad() { echo "FAIL: $*" >&2; fail=$((fail + 1)); }

# Every runtime .c must compile on its own, warning-free.
for src in "$rt"/*.c; do
    for flags in "-O2" "-O2 -DATOMICC_NO_MEMBARRIER" "-O2 -fsanitize=thread"; do
        if ! $CC $WARN $flags -I"$rt" -c "$src" -o "$tmp/obj.o" 2>"$tmp/cc.err"; then
            bad "compile $(basename "$src") ($flags)"; cat "$tmp/cc.err" >&2
        fi
    done
done

if [ $# -gt 0 ]; then
    tests=""
    for t in "$@"; do tests="$tests $here/${t%.c}.c"; done
else
    tests=$(ls "$here"/test_*.c)
fi

for src in $tests; do
    name=$(basename "$src" .c)
    for variant in O2 O0 fallback tsan; do
        case $variant in
            O2) flags="-O2" ;;
            O0) flags="-O0 -g" ;;
            fallback) flags="-O2 -DATOMICC_NO_INLINE -DATOMICC_NO_MEMBARRIER" ;;
            tsan) flags="-O1 -g -fsanitize=thread" ;;
        esac
        exe="$tmp/$name.$variant"
        # A test may build the runtime with its own settings: a line
        #   /* run.sh: CFLAGS */
        # in the test (e.g. a shorter bound than the default's 10 s), and
        # ask for more time than $TIMEOUT:  /* run.sh timeout: SECONDS */
        extra=$(sed -n 's|^/\* run\.sh: \(.*\) \*/$|\1|p' "$src")
        limit=$(sed -n 's|^/\* run\.sh timeout: \([0-9][0-9]*\) \*/$|\1|p' "$src")
        [ -n "$limit" ] && [ "$limit" -gt "$TIMEOUT" ] || limit=$TIMEOUT
        if ! $CC $WARN $flags $extra -I"$rt" -I"$here" "$src" "$rt"/*.c -pthread -o "$exe" 2>"$tmp/cc.err"; then
            bad "$name [$variant]: does not compile"; cat "$tmp/cc.err" >&2; continue
        fi
        case $SOLO_TESTS in
            *" $name "*) run="env -u ATOMICC_SOLO" ;;
            *) run="" ;;
        esac
        timeout "$limit" $run "$exe" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        out=$(cat "$tmp/out")
        if [ $rc -ne 0 ] || [ "$out" != "ok" ] || [ -s "$tmp/err" ]; then
            [ $rc -eq 124 ] && rc="124 (timeout after ${limit}s)"
            bad "$name [$variant]: exit $rc, stdout '$out'"
            sed 's/^/    /' "$tmp/err" >&2
        else
            pass=$((pass + 1))
            echo "ok   $name [$variant]"
        fi
    done
done

if [ $fail -ne 0 ]; then
    echo "runtime_c tests: $fail FAILED, $pass passed" >&2
    exit 1
fi
echo "runtime_c tests: all $pass passed"

#!/bin/sh
# Fuzz every src/core kernel: each test/fuzz/fuzz_NAME.c (auto-discovered,
# one file per target) is built with libFuzzer, AddressSanitizer and UBSan
# (clang), or with the random driver test/fuzz/random_driver.c and the
# sanitizers (gcc) where clang's libFuzzer is missing, and run for $1
# seconds.  Inputs saved under test/fuzz/regressions/NAME/ (crashes found
# earlier) run first, every time.  Prints one line per target and ends with
# "N passed, N failed" (one per target); a crash or hang fails its target and
# leaves the input in test/fuzz/out/.
set -u
cd "$(dirname "$0")/.."
seconds=${1:-5}
build=test/fuzz/out
mkdir -p "$build"
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
cflags="-std=c11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter -Isrc/core -Itest/fuzz"

# libFuzzer if clang can link it, the random driver otherwise.
if printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n){(void)d;(void)n;return 0;}\n' \
       >"$build/probe.c" && clang -fsanitize=fuzzer "$build/probe.c" -o "$build/probe" >/dev/null 2>&1; then
    cc="clang"; engine="libFuzzer"; link="-fsanitize=fuzzer $san"; inst="-fsanitize=fuzzer-no-link $san"
else
    cc="${CC:-gcc}"; engine="random driver"; link="$san"; inst="$san"
fi
rm -f "$build/probe" "$build/probe.c"

# The kernels, built once with coverage and sanitizers.
objs=""
for src in src/core/*.c; do
    obj="$build/$(basename "$src" .c).o"
    $cc $cflags $inst -c "$src" -o "$obj" || { echo "fuzz: build of $src failed"; echo "0 passed, 1 failed"; exit 1; }
    objs="$objs $obj"
done

pass=0; fail=0; total_runs=0
for src in $(ls test/fuzz/fuzz_*.c | sort); do
    name=$(basename "$src" .c)
    bin="$build/$name"
    if [ "$engine" = libFuzzer ]; then
        $cc $cflags $link "$src" $objs -lm -o "$bin" 2>"$build/$name.build.log"
    else
        $cc $cflags $link "$src" test/fuzz/random_driver.c $objs -lm -o "$bin" 2>"$build/$name.build.log"
    fi
    if [ $? != 0 ]; then
        echo "FAILED $name: does not build"; cat "$build/$name.build.log"; fail=$((fail + 1)); continue
    fi
    regress=test/fuzz/regressions/${name#fuzz_}
    corpus="$build/$name.corpus"
    mkdir -p "$corpus"
    if [ "$engine" = libFuzzer ]; then
        # -timeout: an input running longer than 10 s is a hang, reported as a crash.
        args="-max_total_time=$seconds -timeout=10 -rss_limit_mb=2048 -max_len=4096 -artifact_prefix=$build/$name- -print_final_stats=0"
        [ -d "$regress" ] && set -- "$corpus" "$regress" || set -- "$corpus"
        ASAN_OPTIONS=detect_leaks=1 "$bin" $args "$@" >"$build/$name.log" 2>&1
    else
        # shellcheck disable=SC2046
        timeout $((seconds + 60)) "$bin" -max_total_time="$seconds" $( [ -d "$regress" ] && ls "$regress"/* 2>/dev/null ) \
            >"$build/$name.log" 2>&1
    fi
    rc=$?
    runs=$(sed -n 's/^Done \([0-9][0-9]*\) runs in \([0-9][0-9]*\) second.*/\1/p' "$build/$name.log" | tail -n 1)
    secs=$(sed -n 's/^Done \([0-9][0-9]*\) runs in \([0-9][0-9]*\) second.*/\2/p' "$build/$name.log" | tail -n 1)
    if [ "$rc" = 0 ] && [ -n "$runs" ]; then
        printf '%-34s %10s runs in %s s, 0 crashes\n' "$name" "$runs" "$secs"
        pass=$((pass + 1)); total_runs=$((total_runs + runs))
    else
        echo "FAILED $name (exit $rc): crash or hang; input saved in $build/"
        grep -E 'ERROR|runtime error|SUMMARY|Test unit written|deadly signal|timeout' "$build/$name.log" | head -n 12
        fail=$((fail + 1))
    fi
done
echo "fuzz ($engine): $((pass + fail)) targets, $total_runs runs, $seconds s each, $fail crashing"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]

#!/usr/bin/env bash
# compare.sh: run the benchmark workloads with cprime, lua5.4 and gopher-lua side by
# side and print a table of wall-clock times (best of N runs, runs interleaved).
#
# Usage: tests/bench/compare.sh [--runs N] [WORKLOAD...]
#   WORKLOAD is one of: fib loop strings dispatch generator forin switch spawn (default: all)
#   --runs N  runs of each workload per implementation (default 3); the best is shown
#
# It builds cprime and the gopher-lua runner (tests/bench/glua) into a temporary
# directory first. lua5.4 is optional: its columns show "-" when it is not installed.
# Every run's checksum (the program's output) must agree across the implementations.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
all=(fib loop strings dispatch generator forin switch spawn)
runs=3
workloads=()

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
	case "$1" in
	--runs) [ $# -ge 2 ] || { usage >&2; exit 64; }; runs="$2"; shift 2 ;;
	--runs=*) runs="${1#--runs=}"; shift ;;
	-h | --help) usage; exit 0 ;;
	-*) echo "compare.sh: unknown flag $1" >&2; usage >&2; exit 64 ;;
	*)
		if [ ! -f "$here/$1.cpr" ] || [ ! -f "$here/$1.lua" ]; then
			echo "compare.sh: unknown workload $1 (have: ${all[*]})" >&2
			exit 64
		fi
		workloads+=("$1"); shift ;;
	esac
done
case "$runs" in '' | *[!0-9]* | 0) echo "compare.sh: --runs wants a positive integer" >&2; exit 64 ;; esac
[ ${#workloads[@]} -gt 0 ] || workloads=("${all[@]}")

tmp="$(mktemp -d "${TMPDIR:-/tmp}/cprime-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "building cprime and glua in $tmp ..." >&2
(cd "$root" && go build -o "$tmp/cprime" ./cmd/cprime && go build -o "$tmp/glua" ./tests/bench/glua)

lua54="$(command -v lua5.4 || true)"

# run_once IMPL FILE: run one program, print "SECONDS" and leave its output in $tmp/out.
run_once() {
	local impl="$1" file="$2" t0 t1
	t0=$(date +%s.%N)
	case "$impl" in
	cprime) "$tmp/cprime" run "$file" >"$tmp/out" 2>"$tmp/err" ;;
	lua) "$lua54" "$file" >"$tmp/out" 2>"$tmp/err" ;;
	glua) "$tmp/glua" "$file" >"$tmp/out" 2>"$tmp/err" ;;
	esac || { echo "compare.sh: $impl $file failed:" >&2; cat "$tmp/err" >&2; return 1; }
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

min() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b + 0 < a + 0) print b; else print a }'; }
# net T STARTUP: T less STARTUP (at least 0.001 s), or "-" when either is missing.
net() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "") print "-"; else { d = a - b; if (d < 0.001) d = 0.001; printf "%.3f\n", d } }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "" || b == "-" || b + 0 == 0) print "-"; else printf "%.2fx\n", a / b }'; }

# bench NAME: time one workload (NAME.cpr / NAME.lua), interleaving the
# implementations run by run; sets best_cprime best_lua best_glua and sum.
bench() {
	local name="$1" r t impl file sums=""
	best_cprime="" best_lua="" best_glua=""
	for ((r = 1; r <= runs; r++)); do
		for impl in cprime lua glua; do
			[ "$impl" = lua ] && [ -z "$lua54" ] && continue
			if [ "$impl" = cprime ]; then file="$here/$name.cpr"; else file="$here/$name.lua"; fi
			t=$(run_once "$impl" "$file")
			case "$impl" in
			cprime) best_cprime=$(min "$best_cprime" "$t") ;;
			lua) best_lua=$(min "$best_lua" "$t") ;;
			glua) best_glua=$(min "$best_glua" "$t") ;;
			esac
			sums+="$impl=$(tr '\n' ' ' <"$tmp/out" | sed 's/ *$//')"$'\n'
		done
	done
	[ -n "$best_lua" ] || best_lua="-"
	sum=$(printf '%s' "$sums" | sed 's/^[a-z]*=//' | sort -u)
	if [ "$(printf '%s\n' "$sum" | wc -l)" -ne 1 ]; then
		echo "compare.sh: $name: the checksums differ:" >&2
		printf '%s' "$sums" | sort -u >&2
		sum="MISMATCH"
	fi
}

echo "machine: $(nproc) cores, $(uname -sm); go: $(go version | awk '{print $3}'); lua: ${lua54:-not installed}; best of $runs runs, wall clock" >&2
echo

fmt='%-10s | %9s | %9s | %12s | %10s | %14s | %17s | %s\n'
printf "$fmt" workload "cprime s" "lua5.4 s" "gopher-lua s" "cprime/lua" "cprime/lua net" "cprime/gopher-lua" checksum
printf "$fmt" ---------- --------- --------- ------------ ---------- -------------- ----------------- --------

bench empty
printf "$fmt" "(startup)" "$best_cprime" "$best_lua" "$best_glua" "" "" "" "(empty program)"
startup="$best_cprime" startup_lua="$best_lua"

status=0
for w in "${workloads[@]}"; do
	bench "$w"
	[ "$sum" != MISMATCH ] || status=1
	printf "$fmt" "$w" "$best_cprime" "$best_lua" "$best_glua" \
		"$(ratio "$best_cprime" "$best_lua")" \
		"$(ratio "$(net "$best_cprime" "$startup")" "$(net "$best_lua" "$startup_lua")")" \
		"$(ratio "$best_cprime" "$best_glua")" "$sum"
done
echo
echo "Times include process start; cprime's startup (the empty program, ${startup}s) includes loading its prelude."
echo "cprime/lua net compares the times less each implementation's startup (the (startup) row)."
exit $status

#!/usr/bin/env bash
# Build the official riscv-tests ISA suite (XLEN=64) for hartsim's conformance
# harness, which looks in riscv-tests/build by default.
#
# usage: riscv-tests/build.sh [--out DIR] [SUITE_REPO]
#
# SUITE_REPO (or $RISCV_TESTS_SRC) is a git repository of riscv-tests, bare or
# not, local path or URL; its HEAD commit is cloned into riscv-tests/src. With
# neither, an existing riscv-tests/src is reused, or else the suite is cloned
# from GitHub. The env submodule is checked out at the commit the suite pins,
# taken from $RISCV_TEST_ENV_SRC, from SUITE_REPO/env if that is a checkout,
# or from the URL in the suite's .gitmodules.
#
# Only the ELFs are built (no .dump files), into riscv-tests/build or --out DIR
# (or $RISCV_TESTS_OUT). Other settings: $RISCV_PREFIX (riscv64-unknown-elf-),
# $PICOLIBC_INCLUDE (Debian's picolibc headers, needed by the -v- tests),
# $JOBS (2), $VERBOSE=1 to show every compiler command.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
checkout=$here/src
out=${RISCV_TESTS_OUT:-$here/build}
source=${RISCV_TESTS_SRC:-}
prefix=${RISCV_PREFIX:-riscv64-unknown-elf-}
picolibc_include=${PICOLIBC_INCLUDE:-/usr/lib/picolibc/riscv64-unknown-elf/include}
jobs=${JOBS:-2}
suite_url=https://github.com/riscv-software-src/riscv-tests.git

# RV64GC (the harness's 244 tests) first, then the extension groups.
groups=(rv64ui rv64um rv64ua rv64uf rv64ud rv64uc rv64mi rv64si
    rv64uzba rv64uzbb rv64uzbc rv64uzbs rv64uzbkb rv64uzbkx rv64uzfh
    rv64mzicbo rv64uzicond)

die() {
    echo "build.sh: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case $1 in
    -o | --out)
        [ $# -ge 2 ] || die "$1 needs a directory"
        out=$2
        shift 2
        ;;
    -h | --help)
        sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    -*) die "unknown option $1 (see --help)" ;;
    *)
        source=$1
        shift
        ;;
    esac
done

command -v git >/dev/null || die "git not found (apt-get install git)"
command -v make >/dev/null || die "make not found (apt-get install make)"
command -v "${prefix}gcc" >/dev/null ||
    die "${prefix}gcc not found (apt-get install gcc-riscv64-unknown-elf)"
[ -f "$picolibc_include/stdint.h" ] ||
    die "no C headers in $picolibc_include (apt-get install picolibc-riscv64-unknown-elf)"

# --- The suite's sources ----------------------------------------------------

if [ -n "$source" ]; then
    # A local path may be relative to where the script was started.
    if [ -d "$source" ]; then source=$(cd "$source" && pwd); fi
    heads=$(git ls-remote "$source" HEAD) || die "$source: not a git repository"
    commit=$(awk '$2 == "HEAD" { print $1 }' <<<"$heads")
    [ -n "$commit" ] || die "$source: no HEAD commit"
    echo "cloning the suite from $source (HEAD $commit) into $checkout"
    rm -rf "$checkout"
    git -c init.defaultBranch=master clone --quiet --no-checkout "$source" "$checkout"
    git -C "$checkout" checkout --quiet --detach "$commit"
elif [ -d "$checkout/.git" ]; then
    echo "reusing the suite in $checkout (HEAD $(git -C "$checkout" rev-parse HEAD))"
else
    echo "cloning the suite from $suite_url into $checkout"
    rm -rf "$checkout"
    git -c init.defaultBranch=master clone --quiet "$suite_url" "$checkout"
fi

env_pin=$(git -C "$checkout" ls-tree HEAD env | awk '$2 == "commit" { print $3 }')
[ -n "$env_pin" ] || die "$checkout: the suite does not pin an env submodule"

if [ "$(git -C "$checkout/env" rev-parse HEAD 2>/dev/null)" = "$env_pin" ]; then
    echo "env already at the pinned commit $env_pin"
else
    env_source=${RISCV_TEST_ENV_SRC:-}
    if [ -z "$env_source" ] && [ -n "$source" ] && [ -d "$source/env" ] &&
        git -C "$source/env" cat-file -e "$env_pin^{commit}" 2>/dev/null; then
        env_source=$source/env
    fi
    if [ -z "$env_source" ]; then
        env_source=$(git -C "$checkout" config -f .gitmodules submodule.env.url)
    fi
    if [ -d "$env_source" ]; then env_source=$(cd "$env_source" && pwd); fi
    echo "checking out env at the pinned commit $env_pin from $env_source"
    rm -rf "$checkout/env"
    git -c init.defaultBranch=master clone --quiet --no-checkout "$env_source" "$checkout/env"
    git -C "$checkout/env" checkout --quiet --detach "$env_pin" ||
        die "$env_source does not have the pinned env commit $env_pin"
fi

# --- The build ----------------------------------------------------------------

# The suite's isa/Makefile, run out of tree: its sources are found through
# src_dir, and every target (an ELF named like rv64ui-p-add) lands in $out.
isa=$checkout/isa
mkdir -p "$out"
out=$(cd "$out" && pwd)
mk=(make --no-print-directory -C "$out" -f "$isa/Makefile" "src_dir=$isa" XLEN=64
    "RISCV_PREFIX=$prefix")

# Ask the Makefile for its compiler options, each group's test names and
# whether the compiler accepts the group's -march (the Makefile's own probe).
# The -v- tests compile C files that include <stdint.h> and <string.h>; the
# Debian cross compiler has no C library headers of its own, so picolibc's are
# added to the Makefile's default options.
query() {
    "${mk[@]}" -s GROUPS="${groups[*]}" --eval "$1" hartsim-query
}
gcc_opts="$(query 'hartsim-query: ; @echo $(RISCV_GCC_OPTS)') -isystem $picolibc_include"

targets=()
built_groups=()
skipped=()
while read -r group supported tests; do
    if [ -z "$tests" ]; then
        skipped+=("$group (not in this suite's isa/Makefile for XLEN=64)")
    elif [ "$supported" != 0 ]; then
        skipped+=("$group (${prefix}gcc cannot build its -march; the suite's Makefile skips it too)")
    else
        built_groups+=("$group")
        read -r -a names <<<"$tests"
        targets+=("${names[@]}")
    fi
done < <(query 'hartsim-query: ; @$(foreach g,$(GROUPS),echo "$(g) $(COMPILER_SUPPORTS_$(g)) $($(g)_tests)";)')

[ ${#targets[@]} -gt 0 ] || die "nothing to build"
echo "building ${#targets[@]} ELFs with make -j$jobs into $out"
quiet=-s
[ "${VERBOSE:-0}" = 1 ] && quiet=
# The env's linker scripts make one RWX segment, which binutils >= 2.39 warns
# about once per -v- test; those warnings are dropped, other errors are shown.
set +e
{
    "${mk[@]}" $quiet -k "-j$jobs" "RISCV_GCC_OPTS=$gcc_opts" "${targets[@]}" 2>&1 1>&3 3>&- |
        grep -v 'has a LOAD segment with RWX permissions' >&2
} 3>&1
status=${PIPESTATUS[0]}
set -e

# --- Report ---------------------------------------------------------------------

total=0
missing=0
for group in "${built_groups[@]}"; do
    have=0
    want=0
    for t in "${targets[@]}"; do
        case $t in "$group"-*)
            want=$((want + 1))
            if [ -f "$out/$t" ]; then have=$((have + 1)); fi
            ;;
        esac
    done
    total=$((total + have))
    missing=$((missing + want - have))
    if [ "$have" = "$want" ]; then
        printf '  %-12s %3d ELFs\n' "$group" "$have"
    else
        printf '  %-12s %3d of %d ELFs built\n' "$group" "$have" "$want"
    fi
done
for s in "${skipped[@]}"; do
    echo "  skipped: $s"
done
echo "$total ELFs in $out"
if [ "$status" != 0 ] || [ "$missing" != 0 ]; then
    die "make failed; $missing ELFs missing"
fi

#!/usr/bin/env bash
# Issue 27: the README's two set-up lines on a genuinely fresh Debian 12.
#
# A minimal root (debootstrap --variant=minbase bookworm) gets the host's apt sources,
# resolv.conf, pip configuration (and the local package folders it names, read-only) and CA
# certificates, so it reaches the same registries; then only `apt-get install python3 python3-pip
# python3-venv` and the README's own two lines (read from README.md between the
# <!-- setup:window --> and <!-- setup:tests --> markers), run as an ordinary user with sudo.
# Proves: the window (xcb on an Xvfb display, not offscreen) stays up 20 s and a screenshot
# of the screen is not blank; the README's test command reaches a passing summary line.
#
# Only for the check, outside the README's lines: `sudo` in the root (the README's lines use
# it), apt set to skip recommended packages (so the README's list must be complete on its
# own), and, on the host, Xvfb and the host Python's Pillow for the screenshot, so that no X
# package in the root can bring a library the README forgot.
#
#   .ci/fresh_root.sh [--keep]     needs root, debootstrap, Xvfb; about 20 minutes on 2 cores
# --keep leaves the root in /var/tmp; FRESH_ROOT_BASE_TAR=FILE (for working on this script)
# saves the pristine debootstrap there once and unpacks it on later runs.
# Output: build/fresh-root/ (window.png, window.log, tests.log, timings.txt).
set -euo pipefail

REPO=${FRESH_ROOT_REPO:-$(cd "$(dirname "$0")/.." && pwd)}
OUT="$REPO/build/fresh-root"
KEEP=${1:-}
ROOT=$(mktemp -d /var/tmp/fresh-root.XXXXXX)
DISPLAY_NUMBER=${FRESH_ROOT_DISPLAY:-97}
WINDOW_SECONDS=20
PYTHON=${PYTHON:-python3}  # the host's, with Pillow (ImageGrab) for the screenshot
USER_NAME=tester
HOME_IN_ROOT=/home/$USER_NAME
CHECKOUT=$HOME_IN_ROOT/retrofit-app
MOUNTS=()
XVFB_PID=""
BACKGROUND_PID=""
WINDOW_PID=""
START=$SECONDS
STEP_START=$SECONDS
mkdir -p "$OUT"
rm -f "$OUT"/*.png "$OUT"/*.log "$OUT/timings.txt"

say() { echo "[fresh-root] $*"; }
step_done() {  # step_done NAME: print and record how long the step took
  local line
  line=$(printf '%-44s %5d s (total %5d s)' "$1" $((SECONDS - STEP_START)) $((SECONDS - START)))
  say "$line"
  echo "$line" >>"$OUT/timings.txt"
  STEP_START=$SECONDS
}

processes_in_root() {
  local proc
  for proc in /proc/[0-9]*; do
    [ "$(readlink "$proc/root" 2>/dev/null)" = "$ROOT" ] && echo "${proc#/proc/}"
  done
  return 0
}

cleanup() {
  local status=$? pid mount index
  set +e
  [ -n "$WINDOW_PID" ] && kill -- -"$WINDOW_PID" 2>/dev/null
  [ -n "$BACKGROUND_PID" ] && { kill -KILL -- -"$BACKGROUND_PID" || kill -KILL "$BACKGROUND_PID"; } 2>/dev/null
  for pid in $(processes_in_root); do kill -9 "$pid" 2>/dev/null; done
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
  for ((index = ${#MOUNTS[@]} - 1; index >= 0; index--)); do
    mount=${MOUNTS[index]}
    umount "$mount" 2>/dev/null || umount -l "$mount"
  done
  if grep -q " $ROOT" /proc/mounts; then
    say "still mounted under $ROOT, left in place:"
    grep " $ROOT" /proc/mounts
  elif [ "$KEEP" = "--keep" ]; then
    say "root kept in $ROOT"
  else
    rm -rf --one-file-system "$ROOT"
  fi
  say "exit status $status after $((SECONDS - START)) s"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_in_root() {  # mount_in_root TARGET MOUNT-ARGS...: mount, remember for the cleanup
  local target="$ROOT$1"
  shift
  mkdir -p "$target"
  mount "$@" "$target"
  MOUNTS+=("$target")
}

in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive "$@"; }

# The line after a marker's opening ``` in README.md: what a user copies.
readme_line() {
  "$PYTHON" - "$REPO/README.md" "$1" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
found = re.findall(r"<!-- setup:%s -->\s*```[^\n]*\n([^\n]+)\n```" % re.escape(sys.argv[2]), text)
if len(found) != 1:
    sys.exit(f"README.md: expected one line under <!-- setup:{sys.argv[2]} -->, found {len(found)}")
print(found[0])
EOF
}
WINDOW_LINE=$(readme_line window)
TESTS_LINE=$(readme_line tests)
say "README line 1: $WINDOW_LINE"
say "README line 2: $TESTS_LINE"

# The host's Debian mirror (sources.list or deb822 .sources), for debootstrap.
MIRROR=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
  grep -oE '(https?|file)://[^ ]*/debian/?( |$)' | grep -v security | head -n1 | tr -d ' ' || true)
MIRROR=${MIRROR:-http://deb.debian.org/debian}

say "debootstrap bookworm from $MIRROR into $ROOT"
if [ -n "${FRESH_ROOT_BASE_TAR:-}" ] && [ -f "$FRESH_ROOT_BASE_TAR" ]; then
  # For working on this script: the same pristine debootstrap, unpacked from an earlier run.
  tar -xpf "$FRESH_ROOT_BASE_TAR" -C "$ROOT"
else
  # In the background so that a signal reaches the trap at once (debootstrap ignores TERM).
  setsid debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$OUT/debootstrap.log" 2>&1 &
  BACKGROUND_PID=$!
  wait "$BACKGROUND_PID" || { tail -n 20 "$OUT/debootstrap.log"; exit 1; }
  BACKGROUND_PID=""
  if [ -n "${FRESH_ROOT_BASE_TAR:-}" ]; then tar -cpf "$FRESH_ROOT_BASE_TAR" -C "$ROOT" .; fi
fi
chmod 755 "$ROOT"  # mktemp makes it 0700; the root's / must be open to its users
step_done "debootstrap --variant=minbase bookworm"

# The host's apt sources (with their keyrings), DNS and pip configuration.
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
rm -f "$ROOT/etc/apt/sources.list"
for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  if [ -f "$file" ]; then cp "$file" "$ROOT$file"; fi
done
KEYRINGS=$(grep -hoE '(signed-by|Signed-By):? *=?[^] ]+' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null |
  grep -oE '/[^ ]+' | sort -u || true)
for keyring in $KEYRINGS; do
  if [ -f "$keyring" ] && [ ! -f "$ROOT$keyring" ]; then
    mkdir -p "$ROOT$(dirname "$keyring")" && cp "$keyring" "$ROOT$keyring"
  fi
done
echo 'APT::Install-Recommends "false";' >"$ROOT/etc/apt/apt.conf.d/99-no-recommends"
if [ -f /etc/pip.conf ]; then cp /etc/pip.conf "$ROOT/etc/pip.conf"; fi
if [ -d /etc/xdg/pip ]; then mkdir -p "$ROOT/etc/xdg" && cp -r /etc/xdg/pip "$ROOT/etc/xdg/pip"; fi
PIP_ENV=()
while IFS= read -r variable; do PIP_ENV+=("$variable"); done < <(env | grep -E '^PIP_' || true)

mount_in_root /proc -t proc proc
mount_in_root /dev --bind /dev
mount --make-rslave "$ROOT/dev"
mount_in_root /dev/pts --bind /dev/pts
mount_in_root /dev/shm -t tmpfs -o mode=1777,nosuid,nodev shm
# Local package folders named in the pip configuration (file:// indexes, find-links), read-only.
for folder in $(cat /etc/pip.conf /etc/xdg/pip/pip.conf ~/.config/pip/pip.conf 2>/dev/null |
  grep -oE '(file://)?/[^ ]+' | sed -e 's#^file://##' -e 's#/simple/*$##' | grep -vE '^/etc/|\.(txt|crt|pem)$' | sort -u); do
  if [ -d "$folder" ]; then
    mount_in_root "$folder" --bind "$folder"
    mount -o remount,bind,ro "$ROOT$folder"
  fi
done
# The X server runs on the host; the root sees only its socket.
mkdir -p /tmp/.X11-unix
mount_in_root /tmp/.X11-unix --bind /tmp/.X11-unix

say "apt-get install python3 python3-pip python3-venv (and sudo for the README's lines)"
in_root apt-get update -qq >"$OUT/apt.log" 2>&1
in_root apt-get install -y -qq python3 python3-pip python3-venv sudo >>"$OUT/apt.log" 2>&1 ||
  { tail -n 20 "$OUT/apt.log"; exit 1; }
# The host's own certificate authorities (a proxy's, say), so pip reaches the same indexes.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
  in_root update-ca-certificates >>"$OUT/apt.log" 2>&1
fi
echo "127.0.1.1 $(hostname)" >>"$ROOT/etc/hosts"  # as on an installed machine (sudo looks it up)
in_root useradd --create-home --shell /bin/bash "$USER_NAME"
echo "$USER_NAME ALL=(ALL) NOPASSWD: ALL" >"$ROOT/etc/sudoers.d/$USER_NAME"
if [ -f ~/.config/pip/pip.conf ]; then
  mkdir -p "$ROOT$HOME_IN_ROOT/.config/pip"
  cp ~/.config/pip/pip.conf "$ROOT$HOME_IN_ROOT/.config/pip/pip.conf"
fi
# The checkout: the committed tree (what CI checks out), or the folder without build output.
mkdir -p "$ROOT$CHECKOUT"
if git -C "$REPO" rev-parse --verify -q HEAD >/dev/null; then
  git -C "$REPO" archive --format=tar HEAD | tar -xf - -C "$ROOT$CHECKOUT"
else
  tar -C "$REPO" --exclude=./build --exclude=./dist --exclude=./.venv -cf - . | tar -xf - -C "$ROOT$CHECKOUT"
fi
in_root chown -R "$USER_NAME:$USER_NAME" "$HOME_IN_ROOT"
step_done "python3, python3-pip, python3-venv; checkout"

as_user() {  # as_user LINE: run a README line in the checkout as the ordinary user
  chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
    HOME="$HOME_IN_ROOT" USER="$USER_NAME" DISPLAY=":$DISPLAY_NUMBER" CI=true \
    DEBIAN_FRONTEND=noninteractive "${PIP_ENV[@]}" \
    /sbin/runuser -u "$USER_NAME" -- bash -c "cd $CHECKOUT && $1" </dev/null
}

# Xvfb on the host, 24-bit; the window finds it through /tmp/.X11-unix.
Xvfb ":$DISPLAY_NUMBER" -screen 0 1366x768x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
XVFB_PID=$!
sleep 1

screenshot() {  # screenshot FILE: the whole X screen; prints its number of distinct colours
  "$PYTHON" - ":$DISPLAY_NUMBER" "$1" <<'EOF'
import sys
from PIL import ImageGrab
image = ImageGrab.grab(xdisplay=sys.argv[1]).convert("RGB")
image.save(sys.argv[2])
print(len(image.getcolors(maxcolors=1 << 24)))
EOF
}

say "README line 1 (the window), output in window.log"
set -m
as_user "$WINDOW_LINE" >"$OUT/window.log" 2>&1 &
WINDOW_PID=$!
set +m
COLOURS=1
while kill -0 "$WINDOW_PID" 2>/dev/null && [ "$COLOURS" -lt 50 ]; do
  sleep 2
  COLOURS=$(screenshot "$OUT/waiting.png" 2>/dev/null || echo 1)
done
rm -f "$OUT/waiting.png"
if ! kill -0 "$WINDOW_PID" 2>/dev/null; then
  wait "$WINDOW_PID" && status=0 || status=$?
  say "README line 1 ended (status $status) before a window showed:"
  tail -n 30 "$OUT/window.log"
  exit 1
fi
step_done "README line 1 until the window shows"
sleep "$WINDOW_SECONDS"
if ! kill -0 "$WINDOW_PID" 2>/dev/null; then
  say "the window closed within $WINDOW_SECONDS s:"
  tail -n 30 "$OUT/window.log"
  exit 1
fi
COLOURS=$(screenshot "$OUT/window.png")
say "window up ${WINDOW_SECONDS} s; screenshot build/fresh-root/window.png has $COLOURS distinct colours"
[ "$COLOURS" -ge 50 ] || { say "the screenshot is blank"; exit 1; }
kill -- -"$WINDOW_PID" 2>/dev/null || true
wait "$WINDOW_PID" 2>/dev/null || true
WINDOW_PID=""
step_done "window kept open ${WINDOW_SECONDS} s, screenshot"

say "README line 2 (the tests), output in tests.log"
as_user "$TESTS_LINE" >"$OUT/tests.log" 2>&1 &
BACKGROUND_PID=$!  # waited for in the background, so that a signal reaches the trap at once
wait "$BACKGROUND_PID" && status=0 || status=$?
BACKGROUND_PID=""
step_done "README line 2 (apt, pip, pytest)"
cat "$OUT/timings.txt"
SUMMARY=$(grep -E '^=+ .*(passed|failed|error).* =+$' "$OUT/tests.log" | tail -n 1 || true)
say "test summary in the fresh root: ${SUMMARY:-none}"
if [ "$status" -ne 0 ] || [ -z "$SUMMARY" ]; then
  grep -E '^(FAILED|ERROR) ' "$OUT/tests.log" | head -n 40 || tail -n 40 "$OUT/tests.log"
  exit 1
fi

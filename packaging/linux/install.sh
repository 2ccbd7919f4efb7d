#!/bin/sh
# Puts Assay into the user's desktop: the menu entry, the icon and the two file types
# (.assay reviews and .assaybundle bundles, also recognised by their content), so that a
# double-click opens them in Assay. For this user only: nothing needs root.
#
#   ./install.sh [--exec PROGRAM] [--icons FOLDER]    install (or update)
#   ./install.sh --uninstall                           remove what install put in place
#
# PROGRAM is the Assay to run (default: the build's `assay` beside this script, or
# `assay/assay`, else `assay` on PATH); its absolute path is written into the installed desktop entry.
# FOLDER holds packaging/make_icons.py's output (assay-16.png ... assay-512.png); the
# SVG icon is installed in any case. Assay is OFFERED for PDF, DOCX, HTML and Markdown
# under "Open with"; this script never changes which program opens them by default
# (it leaves mimeapps.list alone).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APPS="$DATA/applications"
MIME="$DATA/mime"
ICONS="$DATA/icons/hicolor"
DESKTOP_NAME=assay.desktop
MIME_NAME=assay-review.xml
MIME_ICONS="application-x-assay-review application-x-assay-bundle"
SIZES="16 24 32 48 64 128 256 512"

say() { printf '%s\n' "$*"; }
fail() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

# The first of the candidates that exists (data files sit beside this script in the
# tar.gz, or in the repository's packaging/linux and resources folders).
first_file() {
    for candidate in "$@"; do
        if [ -f "$candidate" ]; then printf '%s\n' "$candidate"; return 0; fi
    done
    return 1
}

refresh_caches() {
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$MIME"
    else
        say "update-mime-database not found: file types apply after the next login."
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$APPS" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$ICONS/index.theme" ]; then
        gtk-update-icon-cache -q -t -f "$ICONS" 2>/dev/null || true
    fi
    touch "$ICONS" 2>/dev/null || true  # icon themes rescan a folder that changed
}

uninstall() {
    rm -f "$APPS/$DESKTOP_NAME" "$MIME/packages/$MIME_NAME"
    for name in assay $MIME_ICONS; do
        rm -f "$ICONS/scalable/apps/$name.svg" "$ICONS/scalable/mimetypes/$name.svg"
        for size in $SIZES; do
            rm -f "$ICONS/${size}x${size}/apps/$name.png" "$ICONS/${size}x${size}/mimetypes/$name.png"
        done
    done
    mkdir -p "$MIME/packages" "$APPS" "$ICONS"
    refresh_caches
    say "Assay's menu entry, icons and file types are removed (the program and your reviews are not)."
}

# An Exec= argument: double-quoted when it holds a space; characters that would need
# two levels of escaping (desktop-entry string and Exec quoting) or upset sed are refused.
exec_argument() {
    case "$1" in
        *[\"\`\$\\\|\&]*) fail "the path $1 holds a quote, \$, \\, | or &: move Assay elsewhere" ;;
        *" "*) printf '"%s"' "$1" ;;
        *) printf '%s' "$1" ;;
    esac
}

install_for_user() {
    program=$1
    icon_dir=$2
    desktop=$(first_file "$HERE/$DESKTOP_NAME") || fail "no $DESKTOP_NAME beside this script"
    mime=$(first_file "$HERE/$MIME_NAME") || fail "no $MIME_NAME beside this script"
    svg=$(first_file "$HERE/assay.svg" "$HERE/../../resources/assay.svg") \
        || fail "no assay.svg beside this script or in resources/"

    mkdir -p "$APPS" "$MIME/packages" "$ICONS/scalable/apps" "$ICONS/scalable/mimetypes"
    exec_value=$(exec_argument "$program")
    sed -e "s|^Exec=.*|Exec=$exec_value %F|" -e "s|^TryExec=.*|TryExec=$program|" \
        "$desktop" >"$APPS/$DESKTOP_NAME.tmp"
    chmod 644 "$APPS/$DESKTOP_NAME.tmp"
    mv "$APPS/$DESKTOP_NAME.tmp" "$APPS/$DESKTOP_NAME"
    cp "$mime" "$MIME/packages/$MIME_NAME"

    cp "$svg" "$ICONS/scalable/apps/assay.svg"
    for name in $MIME_ICONS; do cp "$svg" "$ICONS/scalable/mimetypes/$name.svg"; done
    pngs=0
    for size in $SIZES; do
        png="$icon_dir/assay-$size.png"
        [ -f "$png" ] || continue
        mkdir -p "$ICONS/${size}x${size}/apps" "$ICONS/${size}x${size}/mimetypes"
        cp "$png" "$ICONS/${size}x${size}/apps/assay.png"
        for name in $MIME_ICONS; do cp "$png" "$ICONS/${size}x${size}/mimetypes/$name.png"; done
        pngs=$((pngs + 1))
    done
    refresh_caches
    say "Assay is in the menu and opens .assay and .assaybundle files (running $program)."
    say "It is offered under \"Open with\" for PDF, DOCX, HTML and Markdown, never their default."
    [ "$pngs" -gt 0 ] || say "(No PNG icons in $icon_dir: the SVG icon is used.)"
}

program=""
icon_dir=""
action=install
while [ $# -gt 0 ]; do
    case "$1" in
        --uninstall) action=uninstall ;;
        --exec) [ $# -ge 2 ] || fail "--exec needs a program"; program=$2; shift ;;
        --icons) [ $# -ge 2 ] || fail "--icons needs a folder"; icon_dir=$2; shift ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) fail "unknown option $1 (see --help)" ;;
    esac
    shift
done

if [ "$action" = uninstall ]; then
    uninstall
    exit 0
fi
if [ -z "$program" ]; then
    if [ -f "$HERE/assay" ] && [ -x "$HERE/assay" ]; then
        program="$HERE/assay"  # the unpacked build: this script sits beside its program
    elif [ -x "$HERE/assay/assay" ]; then
        program="$HERE/assay/assay"
    elif command -v assay >/dev/null 2>&1; then
        program=$(command -v assay)
    else
        fail "no Assay found: give its program with --exec PATH"
    fi
fi
[ -x "$program" ] || fail "$program is not a program"
case "$program" in
    /*) ;;
    *) program="$(cd "$(dirname "$program")" && pwd)/$(basename "$program")" ;;
esac
if [ -z "$icon_dir" ]; then
    # The tar.gz's icons/ folder, else the repository's make_icons.py output.
    if [ -d "$HERE/icons" ]; then icon_dir="$HERE/icons"; else icon_dir="$HERE/../../build/icons"; fi
fi
install_for_user "$program" "$icon_dir"

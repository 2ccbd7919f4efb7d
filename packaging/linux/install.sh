#!/bin/sh
# Install this unpacked Assay for the current user (no root): the app folder under
# ~/.local/share/assay/app, `assay` in ~/.local/bin, the desktop entry, icons and MIME
# types. Run it again to update; `./install.sh --uninstall` removes it all.
# (Minimal version written with the build; the desktop integration owns the full one.)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
app=$data/assay/app
bin=$HOME/.local/bin

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$app" "$bin/assay" "$data/applications/assay.desktop" \
        "$data/mime/packages/assay-review.xml"
    find "$data/icons/hicolor" -name 'assay.*' -path '*/apps/*' -delete 2>/dev/null || true
    done="Assay is removed."
else
    if [ "$here" != "$app" ]; then
        rm -rf "$app" && mkdir -p "$app" && cp -a "$here/." "$app/"
    fi
    mkdir -p "$bin" "$data/applications" "$data/mime/packages"
    ln -sf "$app/assay" "$bin/assay"
    sed "s|^Exec=assay|Exec=\"$app/assay\"|" "$here/share/applications/assay.desktop" \
        > "$data/applications/assay.desktop"
    cp "$here/share/mime/assay-review.xml" "$data/mime/packages/"
    cp -r "$here/share/icons" "$data/"
    done="Assay is installed: find it in your applications menu, or run $bin/assay"
fi
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "$done"

"""Linux desktop integration data, shipped in the wheel as package data (assay.xdg):
the desktop entry and the shared-mime-info types. install.sh puts them in place."""

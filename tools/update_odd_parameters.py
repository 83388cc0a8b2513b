#!/usr/bin/python3
"""Regenerate the parameter table at the end of docs/ODD.md from `wfsim parameters`.

Usage: /usr/bin/python3 tools/update_odd_parameters.py [build/cli/wfsim]
The table is everything after the line starting '| key | default |'.
"""
import pathlib
import subprocess
import sys

wfsim = sys.argv[1] if len(sys.argv) > 1 else "build/cli/wfsim"
odd = pathlib.Path(__file__).resolve().parent.parent / "docs" / "ODD.md"
table = subprocess.run([wfsim, "parameters"], check=True, capture_output=True, text=True).stdout
text = odd.read_text()
start = text.index("| key | default |")
odd.write_text(text[:start] + table)
print(f"{odd}: {table.count(chr(10)) - 2} parameters")

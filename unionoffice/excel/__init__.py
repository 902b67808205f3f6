"""Excel import and export, taking and giving plain data. No Qt here.

openpyxl parses workbooks with defusedxml when it is installed (a pinned dependency), so a
workbook the user was sent cannot use XML entity tricks."""

"""Importing supporters from files: CSV (UTF-8 or Windows-1252, comma or
semicolon — what French Excel writes) and XLSX, NationBuilder exports as is.

reading  — bytes to rows with line numbers (encoding, delimiter, XLSX)
columns  — header names (ours, French, NationBuilder's) to person fields
rows     — one row to cleaned values, or the reasons it is rejected
engine   — dry run and import: parsing in a thread, chunks applied per row
           (known people) or in bulk (new people)
staging  — PostgreSQL bulk: COPY into a staging table, INSERT … SELECT per table
bulk     — SQLite bulk: executemany per table
"""

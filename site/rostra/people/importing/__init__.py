"""Importing supporters from files: CSV (UTF-8 or Windows-1252, comma or
semicolon — what French Excel writes) and XLSX, exports of NationBuilder,
Action Network, CiviCRM, Mailchimp and Brevo as they are.

reading    — bytes to rows with line numbers (encoding, delimiter, XLSX)
columns    — header names (the one table of them: ours, French, each tool's) to fields
rows       — one row to cleaned values, or the reasons it is rejected
duplicates — later rows of the file for the same person, merged into the first
engine     — dry run and import: parsing in a thread, chunks applied per row
             (known people) or in bulk (new people)
report     — the outcome of each line, the counts, what the job keeps
staging    — PostgreSQL bulk: COPY into a staging table, INSERT … SELECT per table
bulk       — SQLite bulk: executemany per table
updates    — people already known: the chunk's changes in bulk
writing    — what the ways of writing share: opt-ins, known people, their changes

The engine calls the writers (staging, bulk, updates); they import writing,
never the engine.
"""

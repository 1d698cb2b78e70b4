"""The terminal side of the ``foretagsklimat`` command, without Django.

``console`` renders rich tables and shows progress; ``command`` runs a command as
Django's command runner would (the same options, help, output and exit codes) without
importing Django; ``index`` and ``uncertainty`` are the commands that need no database
(COINr's tables in, CSV and tables out). ``cli.py`` runs those directly, so they start
in a fraction of a second; the management commands of the same names wrap them for
``call_command`` and for the ``--year`` analyses that read the database.
"""

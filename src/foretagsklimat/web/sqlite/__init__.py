"""Django's SQLite backend, creating the database's folder when it first connects.

The default database lives in ``var/`` under ``FORETAGSKLIMAT_HOME``; creating that
folder when the settings are read would leave a ``var/`` behind wherever any command ran,
even ``--help``. Here it appears only when a command opens the database.
"""

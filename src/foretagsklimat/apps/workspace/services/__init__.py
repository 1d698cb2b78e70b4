"""Changes to the workspace (each through :mod:`..audit`, in one transaction with its
entry) and the numbers and files made from it, one module per feature."""

"""`atomicc lint`: whole-program race and deadlock detection for pthread C and Atomic C."""

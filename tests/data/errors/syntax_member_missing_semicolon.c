struct s { int a };
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:1:17: error: expected ';' or ',' before '}'
// STDERR:  struct s { int a };
// STDERR:                  ^

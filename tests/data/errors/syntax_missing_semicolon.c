int main(void)
{
    int x = 1
    return x;
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:3:14: error: expected ';' or ',' after '1'
// STDERR:      int x = 1
// STDERR:               ^

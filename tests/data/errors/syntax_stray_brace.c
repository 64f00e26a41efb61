int main(void)
{
    return 0;
}
}
// RUN: atomicc %s
// STATUS: 1
// STDERR: %s:5:1: error: stray '}' (no block is open here)
// STDERR:  }
// STDERR:  ^

void *atomicc__sim_r(const volatile void *p, unsigned long n);
void *atomicc__sim_w(const volatile void *p, unsigned long n);
void *atomicc__sim_rmw(const volatile void *p, unsigned long n);
void atomicc__sim_work(unsigned long n);
unsigned long hook_count(const volatile void *p, int kind);
unsigned long hook_work(void);

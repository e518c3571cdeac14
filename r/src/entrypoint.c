// Routine registration is forwarded from C to Rust, so that the linker keeps the static
// library.

void R_init_trialsim_extendr(void *dll);
void register_extendr_panic_hook(void);

void R_init_trialsim(void *dll) {
    register_extendr_panic_hook();
    R_init_trialsim_extendr(dll);
}

// libsystemc references sc_main; GoogleTest provides main() for the tests.
#include <systemc>
int sc_main(int, char*[]) { return 0; }

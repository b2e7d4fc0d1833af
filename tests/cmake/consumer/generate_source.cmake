# A stand-in code generator (cmake -P): writes OUTPUT, a source defining
# `extern "C" const char* <MODULE>_generated()` that returns the module's name.
string(MAKE_C_IDENTIFIER "${MODULE}" identifier)
file(WRITE "${OUTPUT}" "extern \"C\" __attribute__((visibility(\"default\"))) const char* ${identifier}_generated() {
  return \"${MODULE}\";
}
")

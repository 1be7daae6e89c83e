# Inputs the fuzzers (fuzz/, scripts/fuzz) found crashing or aborting a reader, kept as found in
# tests/data/fuzz/HARNESS/ (they also seed that harness): each must now give the reader's clear
# error, one line naming the file and line, exit status 2. Included by tests/CMakeLists.txt.
set(fuzz_data ${CMAKE_CURRENT_SOURCE_DIR}/data/fuzz)

# fuzz_fabric: a description with a byte that is not UTF-8 made `describe --json` throw from the
# JSON library (fleetsim_fabric aborted; fleetsim printed the library's message, exit 1).
fabric_add_error_test(fuzz_fabric_non_utf8_description
  "^fleetsim_fabric: error: .*non_utf8_description\\.ini:8: key 'description': not UTF-8 text$"
  describe ${fuzz_data}/fabric/non_utf8_description.ini --json)
fleetsim_add_error_test(fuzz_fabric_non_utf8_description_fleetsim
  "^fleetsim: error: .*non_utf8_description\\.ini:8: key 'description': not UTF-8 text$"
  fabric describe ${fuzz_data}/fabric/non_utf8_description.ini --json)

# fuzz_sacct: a header naming a column twice left fewer names than columns, and a row as wide as
# the names was read past its end (ASan: heap-use-after-free in parse_datetime). Every CSV
# format with a header (openb, pai, helios, acme, sacct) went through that code.
traces_add_bad_input_test(fuzz_sacct_duplicate_header
  "^fleetsim: error: .*duplicate_header\\.sacct:1: field User: named twice in the header \\(columns 3 and 11\\)$"
  trace stats ${fuzz_data}/sacct/duplicate_header.sacct)

# Output schema and headline figures (issue 8 items 3 and 4). The C++ tests are in
# fleetsim_tests ("[summary]": tests/io/test_quantile.cc, test_summary_figures.cc,
# test_summary_file.cc); /summary's equality across rank counts is checked by every equivalence
# test (h5_same compares every group).

# docs/output.md and analysis/fleetsim_analysis/schema.py against the schema the writer uses
# (fleetsim_schema's JSON): every field, type and units; and the check itself must catch a removed
# field, a changed unit and a changed type.
add_test(NAME schema_sync
         COMMAND ${SYSTEM_PYTHON3} -m pytest -q -p no:cacheprovider
                 ${PROJECT_SOURCE_DIR}/analysis/tests/test_schema_sync.py)
set_tests_properties(schema_sync PROPERTIES
                     ENVIRONMENT "FLEETSIM_SCHEMA_BIN=$<TARGET_FILE:fleetsim_schema>" TIMEOUT 60)

# Jobs spanning sites (issue 11 item 3; closed-form tests are tests/model/test_span.cc).

# Frontier runs of 16k-90k GPUs every few days, spanning 2-10 of 10x10k's sites, with node and
# WAN failures: identical files on 1, 2 and 4 ranks, every partitioner, and 2 threads. The
# span coordinator is its own LP, on another rank than most of the sites it talks to.
set(span_args --layout 10x10k-span --duration 12d --seed 3 --workload.frontier_per_year 150
              --workload.frontier_work_min 20000 --workload.frontier_work_max 60000
              --failures.wan_rate 300 --failures.wan_repair 2h)
fleetsim_add_equivalence_test(equivalence_span
  VARIANTS 1:1:block 2:1:block 4:1:round-robin 2:2:round-robin 4:1:metis
  ARGS run ${span_args})

# The layout file sets sched.oversize = span for its own runs; the command line still wins.
fleetsim_add_success_test(span_layout_sets_oversize "jobs spanning sites +[1-9]"
                          run ${span_args} --out @TMP@/span.h5)
fleetsim_add_success_test(span_command_line_wins "jobs shrunk to fit +[1-9]"
                          run ${span_args} --sched.oversize shrink --out @TMP@/shrink.h5)

# Bad input: one line naming the file and line, or the option; exit 2; no output.
fleetsim_add_error_test(bad_span_layout_trace
                        "span_with_trace.ini:5: a layout cannot set 'trace.file'"
                        run --layout ${data}/layouts/span_with_trace.ini --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_span_layout_option
                        "span_misspelt.ini:4: unknown option 'sched.oversise'"
                        run --layout ${data}/layouts/span_misspelt.ini --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_span_oversize "option 'sched.oversize': 'spread' is not one of"
                        run --sched.oversize spread --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_span_sync "span.sync_every must be at least 1"
                        run --span.sync_every 0 --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_span_wan "span.wan_gbps must be in"
                        run --span.wan_gbps 0 --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_span_latency "latency.span must be positive"
                        run --latency.span 0s --duration 1d --out @OUT@)

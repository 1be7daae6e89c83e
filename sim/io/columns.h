// Every dataset and root attribute of a fleetsim output file, declared once (sim/io/columns.cc):
// name, type, units, description, and the record field or formula it is written from. The
// writer (run_output.cc, summary_group.cc), the /summary reader (summary.cc) and fleetsim_schema
// use these declarations; docs/output.md and analysis/fleetsim_analysis/schema.py are checked
// against fleetsim_schema's output by analysis/tests/test_schema_sync.py.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/io/summary_figures.h"
#include "sim/io/table_def.h"
#include "sim/model/model_lp.h"
#include "sim/model/records.h"

namespace fleetsim::io {

// The values of the root attributes, as written.
struct RootAttributes {
  std::string fleetsim_version;
  std::int64_t schema_version = 0;
  std::int64_t seed = 0;
  std::string layout, layout_description;
  std::int64_t ranks = 0, threads = 0;
  std::string partitioner;
  double duration = 0;
  std::int64_t total_gpus = 0, clusters = 0, events = 0, windows = 0;
  std::string config;
};

// Root attributes: a GroupDef whose "columns" are the attributes (no table, name "/").
const GroupDef<RootAttributes>& root_attributes_def();

const GroupDef<model::JobRecord>& jobs_def();
const GroupDef<model::FailureRecord>& failures_def();
const GroupDef<model::TimelineSample>& timeline_def();
const GroupDef<model::PodSample>& pod_timeline_def();
const GroupDef<model::EventRecord>& job_events_def();
const GroupDef<model::ClusterRow>& clusters_def();
const GroupDef<SummaryFigures>& summary_def();
const GroupDef<ClassFigures>& summary_by_class_def();
const GroupDef<LargestJob>& summary_largest_jobs_def();
const GroupDef<FabricRow>& fabric_def();
const GroupDef<ComponentFigures>& failures_by_component_def();

// Every group in the order above, with name, type, units and description of each field; for
// fleetsim_schema and tests.
struct FieldInfo {
  std::string_view name, type, units, description;
};
struct GroupInfo {
  std::string_view name, description, written;
  std::vector<FieldInfo> fields;
};
std::vector<FieldInfo> root_attributes_info();
std::vector<GroupInfo> groups_info();

}  // namespace fleetsim::io

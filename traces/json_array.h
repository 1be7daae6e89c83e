// The JSON logs (Philly's job log, StepFun's fault trace): one array of records, read whole.
// Every error is one line naming the file, the 1-based record and the key being read when the
// parser stopped: "FILE: record N: field KEY: not valid JSON at line L, column C: ...".
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace fleetsim::traces {

// Throws TraceError; `items` names the records ("jobs", "events") for the message when the
// file holds something other than an array.
nlohmann::json read_json_array(const std::string& path, const char* items);

}  // namespace fleetsim::traces

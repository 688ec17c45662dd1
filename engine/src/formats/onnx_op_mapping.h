#pragma once
// Internal to the ONNX importer: how each ONNX op type becomes engine nodes. A mapping reads its node through a
// NodeContext, adds engine nodes (named after the ONNX node; helpers "<node>/<what>") and returns the values of
// the node's outputs, in order; outputs it does not return (Dropout's mask, MaxPool's indices) must be unused.

#include "onnx_context.h"

#include <map>
#include <string>
#include <vector>

namespace lantern::formats::onnximport {

using MapFn = std::vector<Value> (*)(NodeContext&);
using MappingTable = std::map<std::string, MapFn>;

/// The mapping of a default-domain op type, nullptr when Lantern does not support it.
MapFn findMapping(const std::string& opType);
/// Every mapped op type, sorted.
std::vector<std::string> mappedOps();
/// Op types only evaluated at load time (their inputs must be constants).
std::vector<std::string> constantOnlyOps();

// Parts of the table, one per source file.
void addBasicMappings(MappingTable& table);
void addConvMappings(MappingTable& table);
void addShapeMappings(MappingTable& table);

} // namespace lantern::formats::onnximport

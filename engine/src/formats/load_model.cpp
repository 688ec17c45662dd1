// loadModel: chooses the importer from a file's content (with the extension as a tie-breaker).
#include "lantern/error.h"
#include "lantern/formats/keras_import.h"
#include "lantern/formats/onnx_import.h"
#include "lantern/model.h"
#include "lantern/models/presets.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace lantern {

namespace {

enum class Kind { Onnx, Hdf5, Json, Unknown };

Kind sniff(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    char head[8] = {};
    in.read(head, sizeof head);
    const auto got = in.gcount();
    if (got >= 8 && std::memcmp(head, "\x89HDF\r\n\x1a\n", 8) == 0)
        return Kind::Hdf5;
    // JSON starts with '{' after optional whitespace.
    for (std::streamsize i = 0; i < got; ++i) {
        if (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')
            continue;
        if (head[i] == '{')
            return Kind::Json;
        break;
    }
    // ONNX ModelProto: protobuf with field 1 (ir_version, varint) -> first byte 0x08.
    if (got >= 1 && static_cast<unsigned char>(head[0]) == 0x08)
        return Kind::Onnx;
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".onnx")
        return Kind::Onnx;
    return Kind::Unknown;
}

} // namespace

Model loadModel(const std::string& path, const LoadOptions& options)
{
    if (path.rfind("preset:", 0) == 0) {
        if (!options.weightsPath.empty())
            throw ArgumentError("preset models take weights from .npz state dicts, not --weights");
        Model m;
        m.graph = models::buildPreset(path.substr(7), options.seed);
        m.format = "preset";
        m.source = path;
        m.name = path.substr(7);
        m.inputLayout = "NCHW";
        m.detectFinalSoftmax();
        return m;
    }
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw IoError(path + ": no such file");
    if (std::filesystem::is_directory(path, ec))
        throw IoError(path + ": is a folder, not a model file");
    switch (sniff(path)) {
    case Kind::Onnx:
        if (!options.weightsPath.empty())
            throw ArgumentError(path +
                                ": ONNX models carry their weights; --weights is for Keras 1 JSON architectures");
        return formats::importOnnx(path);
    case Kind::Hdf5:
        if (!options.weightsPath.empty())
            throw ArgumentError(path + ": an HDF5 model file carries its weights; --weights is for JSON architectures");
        return formats::importKerasH5(path);
    case Kind::Json:
        return formats::importKerasJson(path, options.weightsPath, options.seed);
    case Kind::Unknown:
        break;
    }
    throw IoError(path + ": not a model file Lantern can read (ONNX .onnx, Keras .h5, Keras .json architecture)");
}

} // namespace lantern

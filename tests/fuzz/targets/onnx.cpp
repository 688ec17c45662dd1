// ONNX models (protobuf bytes, as `lantern` opens a .onnx file), then one forward pass within the harness budget.
#include "fuzz_support.h"

#include "lantern/formats/onnx_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const std::string name = "fuzz.onnx";
    LANTERN_FUZZ_LOAD(name, {
        Model m = formats::importOnnxBytes(fuzz::text(data, size), name);
        fuzz::runModel(m);
    });
    return 0;
}

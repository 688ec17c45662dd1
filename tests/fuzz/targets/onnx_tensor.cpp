// A serialized ONNX TensorProto (the .pb files of ONNX test data).
#include "fuzz_support.h"

#include "lantern/formats/onnx_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const std::string name = "fuzz_tensor.pb";
    LANTERN_FUZZ_LOAD(name, (void)formats::parseOnnxTensor(fuzz::text(data, size), name));
    return 0;
}

// An image opened as samples (PNG, JPEG, BMP, ... through QImage), fitted to a grey 28x28 input and to an RGB
// 64x64 channels-last input as the explorer does.
#include "fuzz_support.h"

#include "common/sample_loader.h"

#include <QCoreApplication>

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    static QCoreApplication app(*argc, *argv); // image format plugins are found through the application
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const char* ext = ".png";
    if (size >= 2 && data[0] == 0xff && data[1] == 0xd8)
        ext = ".jpg";
    else if (size >= 2 && data[0] == 'B' && data[1] == 'M')
        ext = ".bmp";
    else if (size >= 3 && data[0] == 'G' && data[1] == 'I' && data[2] == 'F')
        ext = ".gif";
    const std::string path = fuzz::writeInput(data, size, std::string("sample") + ext);
    LANTERN_FUZZ_LOAD(path, (void)app::loadSamples(path, {-1, 1, 28, 28}, "NCHW"));
    LANTERN_FUZZ_LOAD(path, (void)app::loadSamples(path, {-1, 64, 64, 3}, "NHWC"));
    return 0;
}

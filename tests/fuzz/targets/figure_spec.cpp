// A figure sidecar (FIG.png.json) as `lantern-cli figure` reads it.
#include "fuzz_support.h"

#include "common/figure_spec.h"

#include <QByteArray>
#include <QString>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const QString path = QStringLiteral("/tmp/fuzz/fig.png.json");
    LANTERN_FUZZ_LOAD(path.toStdString(),
                      (void)app::figureSpecFromJson(
                          QByteArray(reinterpret_cast<const char*>(data), static_cast<int>(size)), path));
    return 0;
}

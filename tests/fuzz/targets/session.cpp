// A session file (.lantern, JSON) as File > Open Session reads it.
#include "fuzz_support.h"

#include "common/session.h"

#include <QByteArray>
#include <QString>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace lantern;
    const QString path = QStringLiteral("/tmp/fuzz/work.lantern");
    LANTERN_FUZZ_LOAD(path.toStdString(),
                      (void)app::sessionFromJson(QByteArray(reinterpret_cast<const char*>(data), static_cast<int>(size)),
                                                 path));
    return 0;
}

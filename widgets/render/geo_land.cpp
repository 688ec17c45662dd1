// Natural Earth land from the embedded compact files (resources/geo, made by scripts/convert-land.py).
#include "lantern/render/geo_map.h"

#include "lantern/error.h"

#include <QFile>
#include <QtEndian>

#include <cstring>
#include <mutex>

namespace lantern::render {

std::vector<QPolygonF> parseLand(const QByteArray& bytes, const QString& name)
{
    auto fail = [&](const QString& what) { throw IoError((name + ": " + what).toStdString()); };
    if (bytes.size() < 12 || std::memcmp(bytes.constData(), "LLND", 4) != 0)
        fail(QStringLiteral("not a Lantern land file (no LLND signature)"));
    const auto* p = reinterpret_cast<const uchar*>(bytes.constData());
    const qsizetype size = bytes.size();
    if (qFromLittleEndian<quint32>(p + 4) != 1)
        fail(QStringLiteral("unsupported version %1").arg(qFromLittleEndian<quint32>(p + 4)));
    const quint32 rings = qFromLittleEndian<quint32>(p + 8);
    qsizetype pos = 12;
    std::vector<QPolygonF> out;
    for (quint32 r = 0; r < rings; ++r) {
        if (pos + 4 > size)
            fail(QStringLiteral("truncated at ring %1").arg(r));
        const quint32 n = qFromLittleEndian<quint32>(p + pos);
        pos += 4;
        if (qsizetype(n) > (size - pos) / 4)
            fail(QStringLiteral("ring %1 claims %2 points, more than the file holds").arg(r).arg(n));
        QPolygonF ring;
        ring.reserve(n);
        for (quint32 i = 0; i < n; ++i, pos += 4)
            ring << QPointF(qFromLittleEndian<qint16>(p + pos) / 100.0, qFromLittleEndian<qint16>(p + pos + 2) / 100.0);
        out.push_back(std::move(ring));
    }
    return out;
}

const std::vector<QPolygonF>& naturalEarthLand(bool fine)
{
    static std::once_flag once[2];
    static std::vector<QPolygonF> land[2];
    const int i = fine ? 1 : 0;
    std::call_once(once[i], [i] {
        const QString path = i ? QStringLiteral(":/lantern/geo/land-50m.bin") : QStringLiteral(":/lantern/geo/land-110m.bin");
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            throw IoError(path.toStdString() + ": embedded land outlines missing from the build");
        land[i] = parseLand(f.readAll(), path);
    });
    return land[i];
}

} // namespace lantern::render

#include "demos.h"

#include <QCoreApplication>
#include <QFileInfo>

#ifndef LANTERN_DEMO_DIR
#define LANTERN_DEMO_DIR ""
#endif

namespace lantern::gui {

QString demoDirectory()
{
    const QString fromEnv = qEnvironmentVariable("LANTERN_DEMO_DIR");
    return fromEnv.isEmpty() ? QStringLiteral(LANTERN_DEMO_DIR) : fromEnv;
}

std::vector<Demo> demos()
{
    const QString dir = demoDirectory();
    std::vector<Demo> all;
    all.push_back({QStringLiteral("fmnist"),
                   QCoreApplication::translate("Demos", "Fashion-MNIST classifier"),
                   QCoreApplication::translate("Demos", "A small CNN trained by Lantern on clothing images (90 % "
                                                        "accurate) and 40 test images: saliency, LRP, attentive "
                                                        "response, CLEAR and optimal inputs on pictures everyone "
                                                        "reads."),
                   {dir + QStringLiteral("/fmnist_cnn.onnx"), dir + QStringLiteral("/samples")},
                   dir + QStringLiteral("/samples/0007_shirt.png")});
    std::vector<Demo> present;
    for (const Demo& d : all)
        if (!d.files.isEmpty() && QFileInfo::exists(d.files.front()))
            present.push_back(d);
    return present;
}

} // namespace lantern::gui

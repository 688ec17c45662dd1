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
    all.push_back({QStringLiteral("enso"),
                   QCoreApplication::translate("Demos", "El Niño on the globe"),
                   QCoreApplication::translate("Demos", "The network of Toms et al. (2020) trained by Lantern on sea-"
                                                        "surface temperature anomalies: which ocean regions make it "
                                                        "say El Niño, as relevance contours on a Robinson map or a "
                                                        "3-D globe."),
                   {dir + QStringLiteral("/enso/model.onnx"), dir + QStringLiteral("/enso/fields.nc:sst")},
                   dir + QStringLiteral("/enso/icon.png")});
    all.push_back({QStringLiteral("materials"),
                   QCoreApplication::translate("Demos", "Crystal structures"),
                   QCoreApplication::translate("Demos", "The CNN of Ziletti et al. (2018) trained by Lantern on diffraction "
                                                        "fingerprints: fcc, bcc, diamond and hcp crystals in 3-D, their "
                                                        "fingerprints, which peaks each layer's top filters look at, and "
                                                        "how vacancies and displacements leave the prediction intact."),
                   {dir + QStringLiteral("/materials/model.onnx"), dir + QStringLiteral("/materials/Al_fcc.xyz"),
                    dir + QStringLiteral("/materials/Fe_bcc.xyz"), dir + QStringLiteral("/materials/C_diamond.xyz"),
                    dir + QStringLiteral("/materials/Mg_hcp.xyz")},
                   dir + QStringLiteral("/materials/icon.png")});
    all.push_back({QStringLiteral("training"),
                   QCoreApplication::translate("Demos", "Watching a network learn"),
                   QCoreApplication::translate("Demos", "The Fashion-MNIST classifier's own training, recorded by Lantern: "
                                                        "scrub through 3 epochs and see ten test images' attentive "
                                                        "response maps, gradients and class probabilities change as the "
                                                        "network learns."),
                   {dir + QStringLiteral("/snapshots/fmnist-training.h5")},
                   dir + QStringLiteral("/snapshots/icon.png")});
    std::vector<Demo> present;
    for (const Demo& d : all)
        if (!d.files.isEmpty() && QFileInfo::exists(d.files.front()))
            present.push_back(d);
    return present;
}

} // namespace lantern::gui

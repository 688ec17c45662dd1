#include "workspaces/materials/materials_workspace.h"

#include "common/crystal_figure.h"
#include "task_runner.h"
#include "workspaces/materials/defect_panel.h"
#include "workspaces/materials/response_gallery.h"

#include "lantern/error.h"
#include "lantern/materials/prototypes.h"
#include "lantern/materials/readers.h"
#include "lantern/widgets/crystal_view.h"
#include "lantern/widgets/probability_chart.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace lantern::gui {

namespace {
const QString kLoad = QStringLiteral("materials-load");
const QString kModel = QStringLiteral("materials-model");
const QString kAnalysis = QStringLiteral("materials-analysis");

QString structureSummary(const materials::Structure& s)
{
    QString text = QStringLiteral("<b>%1</b><br>%2 · %3").arg(QString::fromStdString(s.name).toHtmlEscaped(),
                                                              QString::fromStdString(materials::formula(s)),
                                                              MaterialsWorkspace::tr("%n atoms", nullptr, int(s.size())));
    if (s.periodic) {
        const auto p = materials::cellParameters(s.lattice);
        text += QStringLiteral("<br>a %1 b %2 c %3 Å<br>α %4 β %5 γ %6°")
                    .arg(p.a, 0, 'f', 3)
                    .arg(p.b, 0, 'f', 3)
                    .arg(p.c, 0, 'f', 3)
                    .arg(p.alpha, 0, 'f', 1)
                    .arg(p.beta, 0, 'f', 1)
                    .arg(p.gamma, 0, 'f', 1);
    } else {
        text += QStringLiteral("<br>") + MaterialsWorkspace::tr("no unit cell (a cluster)");
    }
    for (const auto& note : s.notes)
        text += QStringLiteral("<br><i>%1</i>").arg(QString::fromStdString(note).toHtmlEscaped());
    return text;
}
} // namespace

MaterialsWorkspace::MaterialsWorkspace(TaskRunner* runner, QWidget* parent) : QWidget(parent), m_runner(runner)
{
    // left: structures, their facts, the defects
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    auto* structuresBox = new QGroupBox(tr("Structures"), left);
    auto* structuresLayout = new QVBoxLayout(structuresBox);
    m_list = new QListWidget(structuresBox);
    m_list->setMinimumHeight(90);
    auto* addPrototype = new QComboBox(structuresBox);
    addPrototype->addItem(tr("Add a prototype…"));
    for (const auto& info : materials::prototypes())
        addPrototype->addItem(QStringLiteral("%1 (%2)").arg(QString::fromStdString(info.label)).arg(info.spaceGroup),
                              QString::fromStdString(info.name));
    m_info = new QLabel(structuresBox);
    m_info->setWordWrap(true);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    structuresLayout->addWidget(m_list, 1);
    structuresLayout->addWidget(addPrototype);
    structuresLayout->addWidget(m_info);
    auto* defectsBox = new QGroupBox(tr("Defects"), left);
    auto* defectsLayout = new QVBoxLayout(defectsBox);
    m_defects = new DefectPanel(defectsBox);
    defectsLayout->addWidget(m_defects);
    leftLayout->addWidget(structuresBox, 1);
    leftLayout->addWidget(defectsBox);

    // centre: crystal | fingerprint, then the maps
    auto* centre = new QSplitter(Qt::Vertical, this);
    auto* top = new QSplitter(Qt::Horizontal, centre);
    m_crystal = new widgets::CrystalView(top);
    m_fingerprint = new FingerprintView(top);
    top->addWidget(m_crystal);
    top->addWidget(m_fingerprint);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);
    auto* mapsBox = new QWidget(centre);
    auto* mapsLayout = new QVBoxLayout(mapsBox);
    mapsLayout->setContentsMargins(0, 0, 0, 0);
    auto* mapsBar = new QHBoxLayout;
    m_layer = new QComboBox(mapsBox);
    m_layer->setToolTip(tr("The conv layer whose strongest filters are back-projected onto the fingerprint"));
    m_export = new QPushButton(tr("Export ai4materials Figure…"), mapsBox);
    m_export->setToolTip(tr("Input | the top 4 maps of every conv layer | the sum of the last one, per fingerprint channel"));
    mapsBar->addWidget(new QLabel(tr("Attentive response maps of"), mapsBox));
    mapsBar->addWidget(m_layer);
    mapsBar->addStretch(1);
    mapsBar->addWidget(m_export);
    m_gallery = new ResponseGallery(mapsBox);
    mapsLayout->addLayout(mapsBar);
    mapsLayout->addWidget(m_gallery, 1);
    centre->addWidget(top);
    centre->addWidget(mapsBox);
    centre->setStretchFactor(0, 3);
    centre->setStretchFactor(1, 2);

    // right: model, prediction, symmetry
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    m_modelLabel = new QLabel(right);
    m_modelLabel->setWordWrap(true);
    auto* openModelButton = new QPushButton(tr("Open Model…"), right);
    m_prediction = new QLabel(right);
    QFont big = m_prediction->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_prediction->setFont(big);
    m_prediction->setWordWrap(true);
    m_chart = new widgets::ProbabilityChart(right);
    m_symmetry = new QLabel(right);
    m_symmetry->setWordWrap(true);
    m_timing = new QLabel(right);
    m_timing->setWordWrap(true);
    m_timing->setForegroundRole(QPalette::PlaceholderText);
    rightLayout->addWidget(m_modelLabel);
    rightLayout->addWidget(openModelButton);
    rightLayout->addSpacing(8);
    rightLayout->addWidget(new QLabel(tr("CNN prediction"), right));
    rightLayout->addWidget(m_prediction);
    rightLayout->addWidget(m_chart, 1);
    rightLayout->addWidget(new QLabel(tr("spglib (symprec 10⁻³ Å)"), right));
    rightLayout->addWidget(m_symmetry);
    rightLayout->addStretch(1);
    rightLayout->addWidget(m_timing);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(centre);
    split->addWidget(right);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setStretchFactor(2, 0);
    split->setSizes({250, 800, 260});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(15);
    connect(m_debounce, &QTimer::timeout, this, &MaterialsWorkspace::runAnalysis);
    connect(m_defects, &DefectPanel::changed, this, &MaterialsWorkspace::requestAnalysis);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < int(m_structures.size())) {
            m_info->setText(structureSummary(m_structures[std::size_t(row)]));
            requestAnalysis();
        }
    });
    connect(addPrototype, &QComboBox::activated, this, [this, addPrototype](int index) {
        if (index > 0) {
            const std::string name = addPrototype->itemData(index).toString().toStdString();
            const auto& info = materials::prototypeInfo(name);
            // the prototype's own element: the AFLOW example of the class
            const std::string element = name == "sc" ? "Po" : name == "bcc" ? "W" : name == "fcc" ? "Cu" : name == "diamond" ? "C"
                                                       : name == "hcp" ? "Mg" : name == "rh" ? "As" : name == "bct139" ? "In" : "Sn";
            (void)info;
            openStructures({QString::fromStdString(name + ":" + element)});
        }
        addPrototype->setCurrentIndex(0);
    });
    connect(m_layer, &QComboBox::currentTextChanged, this, &MaterialsWorkspace::setResponseLayer);
    connect(m_export, &QPushButton::clicked, this, &MaterialsWorkspace::chooseExportFigure);
    connect(openModelButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a Fingerprint Model"), QFileInfo(m_modelPath).path(),
                                                          tr("Models (*.onnx *.h5 *.hdf5 *.keras)"));
        if (!path.isEmpty())
            openModel(path);
    });
    connect(m_runner, &TaskRunner::failed, this, [this](const QString& channel, const QString& label, const QString& message) {
        if (channel == kAnalysis) {
            m_shown = m_requested;
            emit statusMessage(tr("%1 failed: %2").arg(label, message));
        } else if (channel == kLoad || channel == kModel) {
            emit errorOccurred(label, message);
        }
    });
    m_modelLabel->setText(tr("No model: fingerprints and space groups only"));
    m_export->setEnabled(false);
}

MaterialsWorkspace::~MaterialsWorkspace() = default;

void MaterialsWorkspace::openStructures(const QStringList& specs)
{
    std::vector<std::string> list;
    for (const QString& s : specs)
        list.push_back(s.toStdString());
    m_runner->run(kLoad, tr("Reading %n structure(s)", nullptr, int(list.size())), [this, list](const TaskContext&) {
        std::vector<materials::Structure> loaded;
        for (const std::string& spec : list) {
            loaded.push_back(materials::loadStructure(spec));
            if (loaded.back().name.empty())
                loaded.back().name = QFileInfo(QString::fromStdString(spec)).fileName().toStdString();
        }
        return [this, loaded = std::move(loaded)] {
            const int first = int(m_structures.size());
            for (const auto& s : loaded) {
                m_structures.push_back(s);
                m_list->addItem(QStringLiteral("%1 — %2").arg(QString::fromStdString(s.name), QString::fromStdString(materials::formula(s))));
            }
            m_list->setCurrentRow(first);
            emit structuresLoaded();
        };
    });
}

void MaterialsWorkspace::openModel(const QString& path)
{
    const std::string p = path.toStdString();
    m_runner->run(kModel, tr("Loading %1").arg(QFileInfo(path).fileName()), [this, p, path](const TaskContext&) {
        auto model = std::make_shared<Model>(loadModel(p));
        const Shape& in = model->graph.inputShape(model->graph.inputNames().front());
        if (in.size() != 4 || in[1] != 3 || in[2] != 64 || in[3] != 64)
            throw ArgumentError(p + ": this model's input is " + shapeToString(in) +
                                ", not a (3, 64, 64) diffraction fingerprint");
        return [this, model, path] {
            m_model = model;
            m_modelPath = path;
            m_classNames.clear();
            if (auto it = model->metadata.find("lantern.class_names"); it != model->metadata.end())
                m_classNames = QString::fromStdString(it->second).split(QLatin1Char(','));
            m_modelLabel->setText(tr("Model: %1").arg(QFileInfo(path).fileName()));
            m_convLayers.clear();
            for (const std::string& l : studies::convLayers(*model))
                m_convLayers << QString::fromStdString(l);
            {
                const QSignalBlocker block(m_layer);
                m_layer->clear();
                m_layer->addItems(m_convLayers);
                m_layer->setCurrentIndex(int(m_convLayers.size()) - 1);
            }
            m_responseLayer = m_layer->currentText();
            emit modelLoaded();
            requestAnalysis();
        };
    });
}

void MaterialsWorkspace::setCurrentStructure(int index) { m_list->setCurrentRow(index); }
int MaterialsWorkspace::currentStructure() const { return m_list->currentRow(); }

bool MaterialsWorkspace::pending() const
{
    return m_debounce->isActive() || m_requested != m_shown;
}

void MaterialsWorkspace::requestAnalysis()
{
    m_debounce->start();
}

void MaterialsWorkspace::runAnalysis()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= int(m_structures.size()))
        return;
    const studies::CrystalAnalysisOptions options = currentOptions();
    const materials::Structure structure = m_structures[std::size_t(row)];
    const std::shared_ptr<Model> model = m_model;
    const uint64_t generation = ++m_requested;
    // a new request on the channel cancels the running one: the newest slider position wins
    m_runner->run(kAnalysis, tr("Analysing %1").arg(QString::fromStdString(structure.name)),
                  [this, structure, model, options, generation, row](const TaskContext& ctx) {
                      auto a = std::make_shared<const studies::CrystalAnalysis>(
                          studies::analyseCrystal(model.get(), structure, options, ctx.cancel));
                      return [this, a, generation, row] {
                          if (generation > m_shown)
                              m_shown = generation;
                          showAnalysis(a, row);
                      };
                  });
}

void MaterialsWorkspace::showAnalysis(std::shared_ptr<const studies::CrystalAnalysis> a, int row)
{
    const bool newStructure = row != m_shownRow;
    m_shownRow = row;
    m_analysis = a;
    m_crystal->setStructure(a->structure, newStructure);
    m_fingerprint->setFingerprint(a->fingerprint);
    updateLayers();
    m_gallery->setAnalysis(a);
    if (a->predicted >= 0) {
        QStringList labels;
        for (int k = 0; k < int(a->probabilities.size()); ++k)
            labels << (k < m_classNames.size() ? m_classNames[k] : QString::number(k));
        render::ProbabilityBars bars;
        bars.probabilities = a->probabilities;
        bars.labels = labels;
        bars.predicted = a->predicted;
        m_chart->setData(bars);
        m_prediction->setText(tr("%1 (%2 %)").arg(labels[a->predicted]).arg(100.0 * a->probabilities[std::size_t(a->predicted)], 0, 'f', 1));
    } else {
        m_chart->clear();
        m_prediction->setText(tr("—"));
    }
    if (a->spaceGroup) {
        const int cls = materials::crystalClassOfSpaceGroup(a->spaceGroup->number);
        m_symmetry->setText(tr("%1 (%2)%3")
                                .arg(QString::fromStdString(a->spaceGroup->international))
                                .arg(a->spaceGroup->number)
                                .arg(cls >= 0 ? QStringLiteral(" → ") + QString::fromStdString(materials::crystalClasses()[std::size_t(cls)])
                                              : QString()));
    } else {
        m_symmetry->setText(a->structure.periodic ? tr("no space group found") : tr("no unit cell"));
    }
    m_timing->setText(tr("%n atoms · fingerprint %1 ms · CNN and maps %2 ms · spglib %3 ms", nullptr, int(a->structure.size()))
                          .arg(a->fingerprintMs, 0, 'f', 0)
                          .arg(a->responseMs + a->predictionMs, 0, 'f', 0)
                          .arg(a->symmetryMs, 0, 'f', 0));
    m_export->setEnabled(!a->layers.empty());
    emit analysisShown();
}

studies::CrystalAnalysisOptions MaterialsWorkspace::currentOptions() const
{
    studies::CrystalAnalysisOptions options;
    options.atoms = m_defects->supercellAtoms();
    options.defects = m_defects->defects();
    if (!m_responseLayer.isEmpty())
        options.responseLayers = {m_responseLayer.toStdString()};
    options.responses = !m_convLayers.isEmpty(); // a model without conv layers still predicts
    return options;
}

void MaterialsWorkspace::setResponseLayer(const QString& layer)
{
    if (layer == m_responseLayer || !m_convLayers.contains(layer))
        return;
    m_responseLayer = layer;
    if (m_layer->currentText() != layer) {
        const QSignalBlocker block(m_layer);
        m_layer->setCurrentText(layer);
    }
    requestAnalysis();
}

void MaterialsWorkspace::updateLayers()
{
    // the analysis holds the shown layer only
    m_gallery->setLayer(0);
}

bool MaterialsWorkspace::exportFigure(const QString& path)
{
    if (!m_analysis || m_analysis->layers.empty() || !m_model) {
        emit errorOccurred(tr("Export figure"), tr("There are no attentive response maps to export yet"));
        return false;
    }
    try {
        // the figure shows every conv layer: the same crystal, all layers (synchronously, on this thread: the
        // engine thread may be busy, so the model is used only when it is idle)
        m_runner->waitForIdle();
        studies::CrystalAnalysisOptions options = currentOptions();
        options.responseLayers.clear();
        const int row = m_shownRow; // the crystal on screen, which the list's selection may have left already
        if (row < 0 || row >= int(m_structures.size()))
            return false;
        auto full = std::make_shared<const studies::CrystalAnalysis>(
            studies::analyseCrystal(m_model.get(), m_structures[std::size_t(row)], options));
        app::ResponseFigureText text;
        const QString predicted = full->predicted < m_classNames.size() ? m_classNames[full->predicted] : QString::number(full->predicted);
        text.title = tr("%1 (%n atoms): predicted %2 (%3 %)", nullptr, int(full->structure.size()))
                         .arg(QString::fromStdString(full->structure.name), predicted)
                         .arg(100.0 * full->probabilities[std::size_t(full->predicted)], 0, 'f', 1);
        text.channelNames = {tr("R: about x"), tr("G: about y"), tr("B: about z")};
        app::writeResponseFigure(*full, text, path);
        emit statusMessage(tr("Figure written to %1").arg(path));
        return true;
    } catch (const std::exception& e) {
        emit errorOccurred(tr("Export figure"), QString::fromStdString(e.what()));
        return false;
    }
}

void MaterialsWorkspace::chooseExportFigure()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export ai4materials Figure"), QStringLiteral("attentive-response.png"),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (!path.isEmpty())
        exportFigure(path);
}

} // namespace lantern::gui

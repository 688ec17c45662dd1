#include "dialogs/train_dialog.h"

#include "lantern/error.h"
#include "lantern/widgets/curve_plot.h"

#include <QCheckBox>
#include <QDateTime>
#include <QGuiApplication>
#include <QMessageBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QApplication>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QThread>
#include <QVBoxLayout>

#include <cmath>

namespace lantern::gui {

namespace {

const char* const kFashionMnist = "/usr/share/datasets/fashion-mnist";

QDoubleSpinBox* number(QWidget* parent, double lo, double hi, double value, int decimals, double step)
{
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(lo, hi);
    s->setDecimals(decimals);
    s->setSingleStep(step);
    s->setValue(value);
    return s;
}

QSpinBox* integer(QWidget* parent, int lo, int hi, int value)
{
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setValue(value);
    return s;
}

} // namespace

TrainDialog::TrainDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Train Model"));
    setModal(false);
    m_loss = new widgets::CurvePlot(this);
    m_loss->setAxisTitles(tr("epoch"), tr("loss"));
    m_accuracy = new widgets::CurvePlot(this);
    m_accuracy->setAxisTitles(tr("epoch"), tr("accuracy"));
    m_accuracy->setYRange(std::make_pair(0.0, 1.0));
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_status = new QLabel(this);
    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    m_train = new QPushButton(tr("Train"), this);
    m_train->setDefault(true);
    m_pause = new QPushButton(tr("Pause"), this);
    m_pause->setCheckable(true);
    m_stop = new QPushButton(tr("Cancel Training"), this);
    auto* close = new QPushButton(tr("Close"), this);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(buildForm());
    scroll->setWidgetResizable(true);
    scroll->setMinimumWidth(430);
    auto* live = new QWidget(this);
    auto* liveLayout = new QVBoxLayout(live);
    liveLayout->setContentsMargins(0, 0, 0, 0);
    auto* legend = new QLabel(tr("<span style=\"color:#1f77b4\"><b>training</b></span> (running mean over the epoch), "
                                 "<span style=\"color:#ff7f0e\"><b>validation</b></span> (the test set, or the "
                                 "validation fraction)"),
                              this);
    legend->setTextFormat(Qt::RichText);
    liveLayout->addWidget(legend);
    liveLayout->addWidget(m_loss, 2);
    liveLayout->addWidget(m_accuracy, 2);
    liveLayout->addWidget(m_progress);
    liveLayout->addWidget(m_status);
    liveLayout->addWidget(m_log, 1);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(scroll);
    split->addWidget(live);
    split->setStretchFactor(1, 1);
    auto* buttons = new QHBoxLayout();
    buttons->addWidget(m_train);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_stop);
    buttons->addStretch(1);
    buttons->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);
    resize(1100, 720);

    connect(m_train, &QPushButton::clicked, this, &TrainDialog::start);
    connect(m_pause, &QPushButton::toggled, this, &TrainDialog::setPaused);
    connect(m_stop, &QPushButton::clicked, this, &TrainDialog::cancel);
    connect(close, &QPushButton::clicked, this, &TrainDialog::reject);
    setRunning(false);
}

TrainDialog::~TrainDialog()
{
    cancel();
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

QWidget* TrainDialog::buildForm()
{
    auto* form = new QWidget(this);
    auto* outer = new QVBoxLayout(form);
    auto fileRow = [this](QLineEdit* edit, const QString& title, const QString& filter, bool save, bool folder) {
        auto* row = new QWidget(this);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        auto* b = new QPushButton(tr("…"), row);
        b->setFixedWidth(32);
        h->addWidget(edit, 1);
        h->addWidget(b);
        connect(b, &QPushButton::clicked, this, [=, this] { browseFile(edit, title, filter, save, folder); });
        return row;
    };
    const QString arrays = tr("Arrays (*.npy *.npz *.h5 *.hdf5 *-ubyte *.gz);;All files (*)");

    auto* arch = new QGroupBox(tr("Architecture"), form);
    auto* af = new QFormLayout(arch);
    m_preset = new QComboBox(arch);
    m_preset->setEditable(true);
    m_preset->addItems({QStringLiteral("fmnist-cnn"), QStringLiteral("ziletti-cnn"), QStringLiteral("mlp:128,64")});
    m_preset->setToolTip(tr("A built-in architecture; mlp:H1,H2,… takes its inputs and classes from the data"));
    m_arch = new QLineEdit(arch);
    m_arch->setPlaceholderText(tr("or an ONNX / Keras file"));
    m_keepWeights = new QCheckBox(tr("Keep the file's weights (otherwise re-initialise)"), arch);
    af->addRow(tr("Preset:"), m_preset);
    af->addRow(tr("File:"), fileRow(m_arch, tr("Architecture"), tr("Models (*.onnx *.h5 *.hdf5 *.keras *.json)"), false, false));
    af->addRow(QString(), m_keepWeights);
    outer->addWidget(arch);

    auto* dataBox = new QGroupBox(tr("Data"), form);
    auto* df = new QFormLayout(dataBox);
    m_data = new QLineEdit(QDir(QString::fromLatin1(kFashionMnist)).exists() ? QString::fromLatin1(kFashionMnist) : QString(), dataBox);
    m_data->setPlaceholderText(tr("folder with train-/t10k- IDX files"));
    m_trainImages = new QLineEdit(dataBox);
    m_trainLabels = new QLineEdit(dataBox);
    m_testImages = new QLineEdit(dataBox);
    m_testLabels = new QLineEdit(dataBox);
    for (QLineEdit* e : {m_trainImages, m_trainLabels, m_testImages, m_testLabels})
        e->setPlaceholderText(tr("(from the folder)"));
    m_trainLimit = integer(dataBox, 0, 100000000, 0);
    m_trainLimit->setSpecialValueText(tr("all"));
    df->addRow(tr("Folder:"), fileRow(m_data, tr("Data folder"), {}, false, true));
    df->addRow(tr("Training images:"), fileRow(m_trainImages, tr("Training images"), arrays, false, false));
    df->addRow(tr("Training labels:"), fileRow(m_trainLabels, tr("Training labels"), arrays, false, false));
    df->addRow(tr("Test images:"), fileRow(m_testImages, tr("Test images"), arrays, false, false));
    df->addRow(tr("Test labels:"), fileRow(m_testLabels, tr("Test labels"), arrays, false, false));
    df->addRow(tr("Training samples:"), m_trainLimit);
    m_validation = number(dataBox, 0, 0.9, 0, 2, 0.05);
    df->addRow(tr("Validation fraction:"), m_validation);
    outer->addWidget(dataBox);

    auto* opt = new QGroupBox(tr("Optimization"), form);
    auto* of = new QFormLayout(opt);
    m_optimizer = new QComboBox(opt);
    m_optimizer->addItems({QStringLiteral("adam"), QStringLiteral("sgd")});
    m_lr = number(opt, 1e-6, 10, 1e-3, 6, 1e-4);
    m_lrDecay = number(opt, 0.01, 1, 1, 3, 0.01);
    m_lrDecay->setToolTip(tr("The learning rate is multiplied by this after every epoch"));
    m_momentum = number(opt, 0, 0.999, 0.9, 3, 0.05);
    m_batch = integer(opt, 1, 65536, 64);
    m_epochs = integer(opt, 1, 100000, 5);
    m_l1 = new QLineEdit(QStringLiteral("0"), opt);
    m_l2 = new QLineEdit(QStringLiteral("0"), opt);
    m_l2->setToolTip(tr("A factor for every weight, or per layer: fc1=25,fc2=0.01"));
    m_l1->setToolTip(m_l2->toolTip());
    m_classWeights = new QLineEdit(opt);
    m_classWeights->setPlaceholderText(tr("w0,w1,… or balanced"));
    m_classNames = new QLineEdit(opt);
    m_classNames->setPlaceholderText(tr("name0,name1,… (stored in the ONNX model)"));
    m_seed = integer(opt, 0, 1 << 30, 0);
    of->addRow(tr("Optimizer:"), m_optimizer);
    of->addRow(tr("Learning rate:"), m_lr);
    of->addRow(tr("Decay per epoch:"), m_lrDecay);
    of->addRow(tr("SGD momentum:"), m_momentum);
    of->addRow(tr("Batch size:"), m_batch);
    of->addRow(tr("Epochs:"), m_epochs);
    of->addRow(tr("L1:"), m_l1);
    of->addRow(tr("L2:"), m_l2);
    of->addRow(tr("Class weights:"), m_classWeights);
    of->addRow(tr("Class names:"), m_classNames);
    of->addRow(tr("Seed:"), m_seed);
    outer->addWidget(opt);

    const QString home = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    auto* output = new QGroupBox(tr("Output"), form);
    auto* outf = new QFormLayout(output);
    m_out = new QLineEdit(QDir(home).filePath(QStringLiteral("lantern-model.onnx")), output);
    outf->addRow(tr("Model:"), fileRow(m_out, tr("Trained model"), tr("ONNX (*.onnx);;Weights (*.npz)"), true, false));
    outer->addWidget(output);

    m_snapshots = new QGroupBox(tr("Record snapshots"), form);
    m_snapshots->setCheckable(true);
    m_snapshots->setChecked(true);
    auto* sf = new QFormLayout(m_snapshots);
    // one file per run: a second run does not overwrite the first one's recording
    m_snapshotPath = new QLineEdit(
        QDir(home).filePath(QStringLiteral("lantern-snapshots-%1.h5")
                                .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")))),
        m_snapshots);
    m_every = new QLineEdit(QStringLiteral("epoch"), m_snapshots);
    m_every->setToolTip(tr("'epoch', or a number of optimizer steps"));
    m_probes = integer(m_snapshots, 1, 4096, 16);
    m_record = new QLineEdit(QStringLiteral("attentive-response"), m_snapshots);
    m_record->setToolTip(tr("Explanation methods, comma-separated: attentive-response, grad, smoothgrad, grad-cam, "
                            "lrp-epsilon, …; 'none' for predictions and curves only"));
    m_activations = new QLineEdit(m_snapshots);
    m_activations->setPlaceholderText(tr("layer names, e.g. an attention Softmax"));
    m_weights = new QCheckBox(tr("Every weight at every snapshot"), m_snapshots);
    m_topFilters = integer(m_snapshots, 1, 64, 4);
    sf->addRow(tr("File:"), fileRow(m_snapshotPath, tr("Snapshot file"), tr("HDF5 (*.h5)"), true, false));
    sf->addRow(tr("Every:"), m_every);
    sf->addRow(tr("Probe samples:"), m_probes);
    sf->addRow(tr("Methods:"), m_record);
    sf->addRow(tr("Activations:"), m_activations);
    sf->addRow(tr("Top filters:"), m_topFilters);
    sf->addRow(QString(), m_weights);
    outer->addWidget(m_snapshots);
    outer->addStretch(1);
    return form;
}

void TrainDialog::browseFile(QLineEdit* edit, const QString& title, const QString& filter, bool save, bool folder)
{
    const QString start = edit->text().isEmpty() ? QDir::homePath() : edit->text();
    const QString path = folder ? QFileDialog::getExistingDirectory(this, title, start)
                         : save ? QFileDialog::getSaveFileName(this, title, start, filter)
                                : QFileDialog::getOpenFileName(this, title, start, filter);
    if (!path.isEmpty())
        edit->setText(path);
}

app::TrainJobOptions TrainDialog::options() const
{
    app::TrainJobOptions o;
    o.preset = m_preset->currentText().trimmed().toStdString();
    o.arch = m_arch->text().trimmed().toStdString();
    o.keepWeights = m_keepWeights->isChecked();
    o.data = m_data->text().trimmed().toStdString();
    o.files = {m_trainImages->text().trimmed().toStdString(), m_trainLabels->text().trimmed().toStdString(),
               m_testImages->text().trimmed().toStdString(), m_testLabels->text().trimmed().toStdString()};
    o.trainLimit = m_trainLimit->value();
    o.validationFraction = m_validation->value();
    o.optimizer = m_optimizer->currentText().toStdString();
    o.lr = m_lr->value();
    o.lrDecay = m_lrDecay->value();
    o.momentum = o.optimizer == "sgd" ? m_momentum->value() : 0.9;
    o.batchSize = m_batch->value();
    o.epochs = m_epochs->value();
    o.l1 = m_l1->text().trimmed().toStdString();
    o.l2 = m_l2->text().trimmed().toStdString();
    o.classWeights = m_classWeights->text().trimmed().toStdString();
    o.classNames = m_classNames->text().trimmed().toStdString();
    o.seed = static_cast<uint64_t>(m_seed->value());
    o.out = m_out->text().trimmed().toStdString();
    if (m_snapshots->isChecked()) {
        o.snapshots = m_snapshotPath->text().trimmed().toStdString();
        o.snapshotEvery = m_every->text().trimmed().toStdString();
        o.probes = std::to_string(m_probes->value());
        o.record = m_record->text().trimmed().toStdString();
        o.recordActivations = m_activations->text().trimmed().toStdString();
        o.recordWeights = m_weights->isChecked();
        o.topFilters = m_topFilters->value();
    }
    return o;
}

void TrainDialog::setOptions(const app::TrainJobOptions& o)
{
    m_preset->setCurrentText(QString::fromStdString(o.preset));
    m_arch->setText(QString::fromStdString(o.arch));
    m_keepWeights->setChecked(o.keepWeights);
    m_data->setText(QString::fromStdString(o.data));
    m_trainImages->setText(QString::fromStdString(o.files.trainImages));
    m_trainLabels->setText(QString::fromStdString(o.files.trainLabels));
    m_testImages->setText(QString::fromStdString(o.files.testImages));
    m_testLabels->setText(QString::fromStdString(o.files.testLabels));
    m_trainLimit->setValue(int(o.trainLimit));
    m_validation->setValue(o.validationFraction);
    m_optimizer->setCurrentText(QString::fromStdString(o.optimizer));
    m_lr->setValue(o.lr);
    m_lrDecay->setValue(o.lrDecay);
    m_momentum->setValue(o.momentum);
    m_batch->setValue(int(o.batchSize));
    m_epochs->setValue(o.epochs);
    m_l1->setText(QString::fromStdString(o.l1));
    m_l2->setText(QString::fromStdString(o.l2));
    m_classWeights->setText(QString::fromStdString(o.classWeights));
    m_classNames->setText(QString::fromStdString(o.classNames));
    m_seed->setValue(int(o.seed));
    m_out->setText(QString::fromStdString(o.out));
    m_snapshots->setChecked(!o.snapshots.empty());
    if (!o.snapshots.empty()) {
        m_snapshotPath->setText(QString::fromStdString(o.snapshots));
        m_every->setText(QString::fromStdString(o.snapshotEvery));
        m_probes->setValue(std::stoi(o.probes));
        m_record->setText(QString::fromStdString(o.record));
        m_activations->setText(QString::fromStdString(o.recordActivations));
        m_weights->setChecked(o.recordWeights);
        m_topFilters->setValue(o.topFilters);
    }
}

bool TrainDialog::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

void TrainDialog::setRunning(bool running)
{
    m_train->setEnabled(!running);
    m_pause->setEnabled(running);
    m_stop->setEnabled(running);
    if (!running) {
        const QSignalBlocker block(m_pause);
        m_pause->setChecked(false);
        m_pause->setText(tr("Pause"));
    }
    emit runningChanged(running);
}

void TrainDialog::start()
{
    if (isRunning())
        return;
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
    const app::TrainJobOptions o = options();
    for (const std::string& file : {o.snapshots, o.out})
        if (!file.empty() && QFileInfo::exists(QString::fromStdString(file)) &&
            QGuiApplication::platformName() != QLatin1String("offscreen") &&
            QMessageBox::question(this, tr("Train Model"),
                                  tr("%1 exists. Replace it with this run's?").arg(QString::fromStdString(file))) !=
                QMessageBox::Yes)
            return;
    m_error.clear();
    m_log->clear();
    m_loss->setSeries({{tr("training"), QColor(0x1f, 0x77, 0xb4), {}, {}}, {tr("validation"), QColor(0xff, 0x7f, 0x0e), {}, {}}});
    m_accuracy->setSeries({{tr("training"), QColor(0x1f, 0x77, 0xb4), {}, {}}, {tr("validation"), QColor(0xff, 0x7f, 0x0e), {}, {}}});
    m_loss->setXRange(std::make_pair(0.0, double(o.epochs)));
    m_accuracy->setXRange(std::make_pair(0.0, double(o.epochs)));
    m_progress->setValue(0);
    m_epochsTotal = o.epochs;
    m_status->setText(tr("Starting…"));
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_pauseFlag = std::make_shared<std::atomic<bool>>(false);
    auto cancelFlag = m_cancel;
    auto pauseFlag = m_pauseFlag;
    QPointer<TrainDialog> self(this);
    // events cross to the GUI thread by queued calls; the dialog waits for the thread before it goes away
    auto post = [self](std::function<void(TrainDialog*)> f) {
        QMetaObject::invokeMethod(qApp, [self, f] {
            if (self)
                f(self);
        }, Qt::QueuedConnection);
    };
    m_thread = QThread::create([o, cancelFlag, pauseFlag, post] {
        app::TrainJobEvents ev;
        ev.cancel = cancelFlag.get();
        ev.pause = pauseFlag.get();
        ev.log = [post](const std::string& line) {
            const QString text = QString::fromStdString(line);
            post([text](TrainDialog* d) { d->m_log->appendPlainText(text); });
        };
        ev.batch = [post](const BatchEvent& e) {
            if (e.batch % 8 != 0 && e.batch + 1 != e.batches)
                return;
            post([e](TrainDialog* d) {
                const double done = (e.epoch + double(e.batch + 1) / double(e.batches)) / std::max(1, d->m_epochsTotal);
                d->m_progress->setValue(static_cast<int>(1000 * done));
                d->m_status->setText(tr("Epoch %1 of %2, batch %3 of %4, loss %5")
                                         .arg(e.epoch + 1)
                                         .arg(d->m_epochsTotal)
                                         .arg(e.batch + 1)
                                         .arg(e.batches)
                                         .arg(e.loss, 0, 'f', 4));
            });
        };
        ev.epoch = [post](const EpochEvent& e) { post([e](TrainDialog* d) { d->onEpoch(e); }); };
        ev.snapshot = [post](int64_t frames) {
            post([frames](TrainDialog* d) { d->m_log->appendPlainText(tr("snapshot %1 saved").arg(frames)); });
        };
        try {
            const app::TrainJobResult r = app::runTrainJob(o, ev);
            const QString model = QString::fromStdString(r.modelPath), snaps = QString::fromStdString(r.snapshotPath);
            post([model, snaps](TrainDialog* d) {
                d->m_status->setText(tr("Done."));
                d->m_progress->setValue(1000);
                emit d->trained(model, snaps);
            });
        } catch (const CancelledError&) {
            post([](TrainDialog* d) { d->m_status->setText(tr("Cancelled; the snapshot file keeps every frame recorded.")); });
        } catch (const std::exception& e) {
            const QString message = QString::fromUtf8(e.what());
            post([message](TrainDialog* d) {
                d->m_error = message;
                d->m_status->setText(tr("Failed: %1").arg(message));
                d->m_log->appendPlainText(message);
                emit d->failed(message);
            });
        }
    });
    connect(m_thread, &QThread::finished, this, [this, thread = m_thread] {
        if (thread == m_thread) // not a finished run's late signal during the next one
            setRunning(false);
    });
    setRunning(true);
    m_thread->start();
}

void TrainDialog::onEpoch(const EpochEvent& e)
{
    const double x = e.epoch + 1;
    m_loss->append(0, x, e.train.loss);
    m_accuracy->append(0, x, e.train.accuracy);
    if (e.validation) {
        m_loss->append(1, x, e.validation->loss);
        m_accuracy->append(1, x, e.validation->accuracy);
    }
}

void TrainDialog::setPaused(bool paused)
{
    if (m_pauseFlag)
        m_pauseFlag->store(paused);
    {
        const QSignalBlocker block(m_pause);
        m_pause->setChecked(paused);
    }
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    if (paused)
        m_status->setText(tr("Paused."));
}

void TrainDialog::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void TrainDialog::closeEvent(QCloseEvent* event)
{
    reject();
    event->ignore();
}

void TrainDialog::reject()
{
    // closing while training would lose the run: it goes on in the background only if the user keeps the dialog
    if (isRunning()) {
        hide();
        return;
    }
    QDialog::reject();
}

} // namespace lantern::gui

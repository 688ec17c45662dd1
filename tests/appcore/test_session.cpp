// GUI sessions (.lantern): every field survives a JSON round trip; paths below the session folder are stored
// relative (and come back absolute), others absolute, presets untouched; a failed save leaves the old file;
// malformed files and unknown versions are IoErrors naming the file.
#include "common/session.h"

#include "lantern/error.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#ifdef Q_OS_UNIX
#include <sys/wait.h>
#include <unistd.h>
#endif

using namespace lantern;

namespace {

app::Session fullSession(const QString& root)
{
    app::Session s;
    s.modelPath = (root + "/project/models/net.json").toStdString();
    s.weightsPath = (root + "/project/models/net_weights.h5").toStdString();
    s.preprocessing.scale = 0.5f;
    s.preprocessing.mean = {0.485f, 0.456f, 0.406f};
    s.preprocessing.std = {0.229f, 0.224f, 0.225f};
    s.preprocessing.bgr = true;
    s.preprocessing.resize = app::ResizeMode::Crop;
    s.sampleSpecs = {(root + "/project/data/x.npz:images").toStdString(), (root + "/elsewhere/imgs").toStdString()};
    s.labelsSpec = (root + "/project/data/labels.txt").toStdString();
    s.classNames = {"cat", "dog", "Überraschung"};
    s.currentSample = 17;
    s.currentLayer = "conv2";
    s.method.method = "lrp-alpha-beta";
    s.method.params = {{"alpha", "2"}, {"beta", "1"}};
    s.method.layer = "conv1";
    s.method.target = 5;
    s.style.colormap = "balance";
    s.style.opacity = 0.4;
    s.style.sign = render::Sign::Positive;
    s.style.clipPercentile = 97.5;
    s.style.contourLevels = 3;
    s.topN = 7;
    s.view = "dominant";
    return s;
}

bool canWriteInto(const QString& dir)
{
    QFile probe(dir + "/probe");
    const bool ok = probe.open(QIODevice::WriteOnly);
    if (ok) {
        probe.close();
        probe.remove();
    }
    return ok;
}

} // namespace

class TestSession : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    void roundTripKeepsEveryField()
    {
        const QString root = QDir(m_tmp.path()).canonicalPath();
        const app::Session s = fullSession(root);
        const QString path = root + "/project/session.lantern";
        QVERIFY(QDir().mkpath(root + "/project"));
        app::saveSession(s, path);
        const app::Session back = app::loadSession(path);
        QVERIFY(back == s);
        QCOMPARE(back.modelPath, s.modelPath);
        QCOMPARE(back.sampleSpecs, s.sampleSpecs);
        QCOMPARE(back.preprocessing.mean, s.preprocessing.mean);
        QCOMPARE(*back.preprocessing.scale, 0.5f);
        QCOMPARE(back.preprocessing.resize, app::ResizeMode::Crop);
        QCOMPARE(back.method.params, s.method.params);
        QCOMPARE(back.style.sign, render::Sign::Positive);
        QCOMPARE(back.classNames[2], std::string("Überraschung"));
        QCOMPARE(back.view, std::string("dominant"));

        // a changed field is noticed by operator==
        app::Session other = back;
        other.style.opacity = 0.41;
        QVERIFY(!(other == s));
    }

    void pathsBelowTheFolderAreRelative()
    {
        const QString root = QDir(m_tmp.path()).canonicalPath();
        const QString path = root + "/project/session.lantern";
        const QJsonObject json = QJsonDocument::fromJson(app::sessionToJson(fullSession(root), path)).object();
        const QJsonObject model = json.value("model").toObject();
        QCOMPARE(model.value("path").toString(), QString("models/net.json"));
        QCOMPARE(model.value("weights").toString(), QString("models/net_weights.h5"));
        const QJsonArray samples = json.value("samples").toArray();
        QCOMPARE(samples.at(0).toString(), QString("data/x.npz:images"));
        QCOMPARE(samples.at(1).toString(), root + "/elsewhere/imgs"); // outside: absolute
        QCOMPARE(json.value("labels").toString(), QString("data/labels.txt"));

        // the moved project folder resolves against its new place
        const app::Session moved =
            app::sessionFromJson(app::sessionToJson(fullSession(root), path), "/srv/moved/session.lantern");
        QCOMPARE(moved.modelPath, std::string("/srv/moved/models/net.json"));
        QCOMPARE(moved.sampleSpecs[0], std::string("/srv/moved/data/x.npz:images"));
        QCOMPARE(moved.sampleSpecs[1], (root + "/elsewhere/imgs").toStdString());
    }

    void presetIsUntouched()
    {
        app::Session s;
        s.modelPath = "preset:fmnist-cnn";
        const QString path = m_tmp.filePath("p.lantern");
        const QJsonObject json = QJsonDocument::fromJson(app::sessionToJson(s, path)).object();
        QCOMPARE(json.value("model").toObject().value("path").toString(), QString("preset:fmnist-cnn"));
        QVERIFY(!json.value("model").toObject().contains("weights"));
        const app::Session back = app::sessionFromJson(app::sessionToJson(s, path), path);
        QCOMPARE(back.modelPath, std::string("preset:fmnist-cnn"));
        QVERIFY(back.weightsPath.empty());
        QVERIFY(back == s);
    }

    void failedSaveKeepsTheOldFile()
    {
        const QString dir = m_tmp.filePath("readonly");
        QVERIFY(QDir().mkpath(dir));
        const QString path = dir + "/s.lantern";
        app::Session old;
        old.modelPath = "preset:old";
        app::saveSession(old, path);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray before = f.readAll();
        f.close();

        // read-only for everyone; root writes there anyway, so root tries the save as "nobody" in a child
        const auto readOnly = QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup |
                              QFile::ReadOther | QFile::ExeOther;
        QVERIFY(QFile::setPermissions(dir, readOnly));
        QVERIFY(QFile::setPermissions(m_tmp.path(), readOnly | QFile::WriteOwner));
        app::Session changed;
        changed.modelPath = "preset:new";
        auto trySave = [&]() -> QString {
            try {
                app::saveSession(changed, path);
            } catch (const IoError& e) {
                return QString::fromUtf8(e.what());
            }
            return {};
        };
        bool threw = false;
        if (!canWriteInto(dir)) {
            const QString message = trySave();
            threw = !message.isEmpty();
            QVERIFY2(message.contains(path), qPrintable(message));
        } else {
#ifdef Q_OS_UNIX
            const pid_t pid = fork();
            QVERIFY(pid >= 0);
            if (pid == 0) {
                if (setgid(65534) != 0 || setuid(65534) != 0)
                    _exit(77);
                _exit(trySave().contains(path) ? 0 : 1);
            }
            int status = 0;
            QCOMPARE(waitpid(pid, &status, 0), pid);
            QVERIFY(WIFEXITED(status));
            if (WEXITSTATUS(status) == 77)
                QSKIP("cannot test a read-only folder: running as root and cannot switch to nobody");
            QCOMPARE(WEXITSTATUS(status), 0);
            threw = true;
#else
            QSKIP("running with rights that write into read-only folders");
#endif
        }
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(threw);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
        QCOMPARE(app::loadSession(path).modelPath, std::string("preset:old"));
    }

    void badFilesNameTheFile_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{\"lantern_session\": 1, ") << "JSON";
        QTest::newRow("array") << QByteArray("[1, 2]") << "not a Lantern session";
        QTest::newRow("no version") << QByteArray("{\"model\": {}}") << "not a Lantern session";
        QTest::newRow("future version") << QByteArray("{\"lantern_session\": 99}") << "version 99";
        QTest::newRow("bad sign") << QByteArray("{\"lantern_session\": 1, \"view\": {\"style\": {\"sign\": \"both\"}}}")
                                  << "both";
        QTest::newRow("bad resize")
            << QByteArray("{\"lantern_session\": 1, \"model\": {\"preprocessing\": {\"resize\": \"zoom\"}}}") << "zoom";
    }

    void badFilesNameTheFile()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path = m_tmp.filePath("bad.lantern");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(content);
        f.close();
        try {
            app::loadSession(path);
            QFAIL("accepted a bad session");
        } catch (const IoError& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains(path), e.what());
            QVERIFY2(message.contains(expected), e.what());
        }
    }

    void missingFileIsAnError()
    {
        const QString path = m_tmp.filePath("none.lantern");
        try {
            app::loadSession(path);
            QFAIL("loaded a missing file");
        } catch (const IoError& e) {
            QVERIFY2(QString(e.what()).contains(path), e.what());
        }
    }

    // Fuzz finding (tests/fuzz, figure_spec): a method target of 1e22 was cast to int64 (undefined behaviour); a
    // target that is not a whole number within int64 now means "no target" (the predicted class).
    void methodTargetOutsideInt64MeansNoTarget_data()
    {
        QTest::addColumn<QJsonValue>("target");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("1e22") << QJsonValue(1e22) << qint64(-1);
        QTest::newRow("2.5") << QJsonValue(2.5) << qint64(-1);
        QTest::newRow("string") << QJsonValue("3") << qint64(-1);
        QTest::newRow("3") << QJsonValue(3) << qint64(3);
    }

    void methodTargetOutsideInt64MeansNoTarget()
    {
        QFETCH(QJsonValue, target);
        QFETCH(qint64, expected);
        const app::MethodChoice c = app::methodChoiceFromJson(QJsonObject{{"method", "gradient"}, {"target", target}});
        QCOMPARE(qint64(c.target), expected);
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "test_session.moc"

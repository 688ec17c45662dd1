// The German and Spanish translations: every message of translations/lantern_{de,es}.ts is finished, non-empty
// and keeps the placeholders (%1, %n) and the single & accelerator of its source; lupdate run on the sources finds
// no string that the committed files lack (so a new tr() without translation fails); and the .qm files compiled
// into the gui library under :/i18n translate through QTranslator exactly as the .ts files say.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

struct Message {
    QString context;
    QString source;
    QString comment;
    QStringList translations; // one entry, or one per plural form
    QString type;             // "", "unfinished", "vanished" or "obsolete"
    bool numerus = false;

    QString key() const { return context + QLatin1Char('\x1f') + source + QLatin1Char('\x1f') + comment; }
    QString label() const { return QStringLiteral("[%1] \"%2\"").arg(context, source); }
};

struct TsFile {
    QString language;
    QList<Message> messages;
    QString error;
};

TsFile readTs(const QString& path)
{
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ts.error = QStringLiteral("%1: cannot open (%2)").arg(path, file.errorString());
        return ts;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message msg;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("TS")) {
            ts.language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (name == QLatin1String("context")) {
            context.clear();
        } else if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            msg = Message{};
            msg.context = context;
            msg.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("source")) {
            msg.source = xml.readElementText();
        } else if (name == QLatin1String("comment")) {
            msg.comment = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            msg.type = xml.attributes().value(QLatin1String("type")).toString();
            if (msg.numerus) {
                while (xml.readNextStartElement())
                    msg.translations << xml.readElementText(); // <numerusform>
            } else {
                msg.translations << xml.readElementText();
            }
            ts.messages << msg; // <translation> is the last child lupdate writes
        }
    }
    if (xml.hasError())
        ts.error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return ts;
}

QString translationsDir()
{
    return QStringLiteral(LANTERN_TRANSLATIONS_DIR);
}

QString tsPath(const QString& language)
{
    return translationsDir() + QStringLiteral("/lantern_%1.ts").arg(language);
}

// Sorted, distinct %1..%99 and %n markers (%L1 counts as %1).
QStringList placeholders(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("%L?(\\d{1,2}|n)"));
    QSet<QString> found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.insert(QLatin1Char('%') + it.next().captured(1));
    QStringList list(found.begin(), found.end());
    list.sort();
    return list;
}

// Number of & accelerators ("&&" is a literal ampersand; HTML entities like &amp; are not accelerators).
int accelerators(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("&(?!&)(?![a-zA-Z]+;|#\\d+;)(?=\\S)"));
    QString t = text;
    t.replace(QLatin1String("&&"), QString());
    return static_cast<int>(t.count(re));
}

QString findLupdate()
{
    const QStringList dirs = {QLibraryInfo::path(QLibraryInfo::BinariesPath),
                              QLibraryInfo::path(QLibraryInfo::LibraryExecutablesPath),
                              QStringLiteral("/usr/lib/qt6/bin")};
    for (const QString& dir : dirs) {
        const QFileInfo info(dir + QStringLiteral("/lupdate"));
        if (info.isExecutable())
            return info.absoluteFilePath();
    }
    QString path = QStandardPaths::findExecutable(QStringLiteral("lupdate6"));
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(QStringLiteral("lupdate"));
    return path;
}

// The same sources and options as qt_add_lupdate in app/gui/CMakeLists.txt.
QStringList lupdateSources(const QDir& root)
{
    const QList<QPair<QString, QStringList>> globs = {
        {QStringLiteral("app/gui"), {QStringLiteral("*.cpp"), QStringLiteral("*.h")}},
        {QStringLiteral("app/gui/dialogs"), {QStringLiteral("*.cpp"), QStringLiteral("*.h")}},
        {QStringLiteral("app/common"), {QStringLiteral("*.cpp")}},
        {QStringLiteral("widgets/src"), {QStringLiteral("*.cpp")}},
        {QStringLiteral("widgets/render"), {QStringLiteral("*.cpp")}},
    };
    QList<QPair<QString, QStringList>> all = globs;
    // app/gui/workspaces/*/ (the domain workspaces)
    const QDir workspaces(root.filePath(QStringLiteral("app/gui/workspaces")));
    for (const QString& w : workspaces.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        all.append({QStringLiteral("app/gui/workspaces/") + w, {QStringLiteral("*.cpp"), QStringLiteral("*.h")}});
    QStringList files;
    for (const auto& [dir, patterns] : all) {
        const QDir d(root.filePath(dir));
        for (const QString& name : d.entryList(patterns, QDir::Files, QDir::Name))
            files << d.filePath(name);
    }
    return files;
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private slots:
    void tsFilesComplete_data();
    void tsFilesComplete();
    void sourcesMatchTsFiles_data();
    void sourcesMatchTsFiles();
    void compiledTranslations_data();
    void compiledTranslations();
    void compiledMatchesTs_data();
    void compiledMatchesTs();
};

void TestTranslations::tsFilesComplete_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<int>("pluralForms");
    QTest::newRow("de") << QStringLiteral("de") << 2;
    QTest::newRow("es") << QStringLiteral("es") << 2;
}

void TestTranslations::tsFilesComplete()
{
    QFETCH(QString, language);
    QFETCH(int, pluralForms);
    const TsFile ts = readTs(tsPath(language));
    QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
    QCOMPARE(ts.language, language);
    QVERIFY2(ts.messages.size() > 100, qPrintable(QStringLiteral("only %1 messages").arg(ts.messages.size())));

    QStringList problems;
    QSet<QString> seen;
    for (const Message& m : ts.messages) {
        if (seen.contains(m.key()))
            problems << m.label() + QStringLiteral(": listed twice");
        seen.insert(m.key());
        if (!m.type.isEmpty()) {
            problems << m.label() + QStringLiteral(": type=\"%1\"").arg(m.type);
            continue;
        }
        if (m.numerus && m.translations.size() != pluralForms)
            problems
                << m.label() +
                       QStringLiteral(": %1 plural forms, expected %2").arg(m.translations.size()).arg(pluralForms);
        const QStringList want = placeholders(m.source);
        const int wantAccel = accelerators(m.source);
        for (const QString& t : m.translations) {
            if (t.trimmed().isEmpty()) {
                problems << m.label() + QStringLiteral(": empty translation");
                continue;
            }
            const QStringList got = placeholders(t);
            if (got != want)
                problems << m.label() + QStringLiteral(": placeholders %1 in \"%2\", source has %3")
                                            .arg(got.join(QLatin1Char(' ')), t, want.join(QLatin1Char(' ')));
            if (accelerators(t) != wantAccel)
                problems << m.label() + QStringLiteral(": %1 accelerators in \"%2\", source has %3")
                                            .arg(accelerators(t))
                                            .arg(t)
                                            .arg(wantAccel);
            if (t.count(QLatin1Char('<')) != m.source.count(QLatin1Char('<')))
                problems << m.label() + QStringLiteral(": HTML tags differ in \"%1\"").arg(t);
        }
    }
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1: %2 problem(s):\n  ").arg(tsPath(language)).arg(problems.size()) +
                        problems.join(QStringLiteral("\n  "))));
}

void TestTranslations::sourcesMatchTsFiles_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("de") << QStringLiteral("de");
    QTest::newRow("es") << QStringLiteral("es");
}

void TestTranslations::sourcesMatchTsFiles()
{
    QFETCH(QString, language);
    const QString lupdate = findLupdate();
    if (lupdate.isEmpty())
        QSKIP("lupdate (Qt Linguist tools) not found next to Qt or on PATH; cannot check the sources for new strings");

    const QDir root(translationsDir() + QStringLiteral("/.."));
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString out = tmp.filePath(QStringLiteral("lantern_%1.ts").arg(language));
    QStringList args = {QStringLiteral("-no-obsolete"), QStringLiteral("-locations"),       QStringLiteral("none"),
                        QStringLiteral("-silent"),      QStringLiteral("-target-language"), language};
    for (const char* inc : {"app/gui", "app", "engine/include", "widgets/include"})
        args << QStringLiteral("-I") << root.filePath(QString::fromLatin1(inc));
    const QStringList sources = lupdateSources(root);
    QVERIFY2(sources.size() > 10, qPrintable(QStringLiteral("sources not found under %1").arg(root.absolutePath())));
    args << sources << QStringLiteral("-ts") << out;

    QProcess proc;
    proc.start(lupdate, args);
    QVERIFY2(proc.waitForFinished(60000), qPrintable(lupdate + QStringLiteral(" did not finish")));
    QVERIFY2(proc.exitStatus() == QProcess::NormalExit && proc.exitCode() == 0,
             qPrintable(lupdate + QStringLiteral(" failed: ") + QString::fromLocal8Bit(proc.readAllStandardError())));

    const TsFile fresh = readTs(out);
    QVERIFY2(fresh.error.isEmpty(), qPrintable(fresh.error));
    const TsFile committed = readTs(tsPath(language));
    QVERIFY2(committed.error.isEmpty(), qPrintable(committed.error));
    QSet<QString> have, want;
    for (const Message& m : committed.messages)
        have.insert(m.key());
    QStringList problems;
    for (const Message& m : fresh.messages) {
        want.insert(m.key());
        if (!have.contains(m.key()))
            problems << m.label() + QStringLiteral(": in the sources but not translated");
    }
    for (const Message& m : committed.messages)
        if (!want.contains(m.key()))
            problems << m.label() + QStringLiteral(": translated but no longer in the sources");
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 is out of date (run `cmake --build build --target update_translations` "
                                       "and translate): %2 message(s):\n  ")
                            .arg(tsPath(language))
                            .arg(problems.size()) +
                        problems.join(QStringLiteral("\n  "))));
}

void TestTranslations::compiledTranslations_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("n");
    QTest::addColumn<QString>("expected");
    const QString mw = QStringLiteral("lantern::gui::MainWindow");
    const QString chart = QStringLiteral("lantern::widgets::ProbabilityChart");
    const QString more = QStringLiteral("… %n more classes");
    QTest::newRow("de &File") << "de" << mw << "&File" << -1 << "&Datei";
    QTest::newRow("es &File") << "es" << mw << "&File" << -1 << "&Archivo";
    QTest::newRow("de dock") << "de" << mw << "Class probabilities" << -1 << "Klassenwahrscheinlichkeiten";
    QTest::newRow("es dock") << "es" << mw << "Class probabilities" << -1 << "Probabilidades de clase";
    QTest::newRow("de widget") << "de"
                               << "lantern::widgets::LayerList"
                               << "Output shape" << -1 << "Ausgabeform";
    QTest::newRow("es widget") << "es"
                               << "lantern::widgets::LayerList"
                               << "Output shape" << -1 << "Forma de salida";
    QTest::newRow("de figure") << "de"
                               << "FigureJob"
                               << "input" << -1 << "Eingabe";
    QTest::newRow("de plural 1") << "de" << chart << more << 1 << "… 1 weitere Klasse";
    QTest::newRow("de plural 3") << "de" << chart << more << 3 << "… 3 weitere Klassen";
    QTest::newRow("es plural 1") << "es" << chart << more << 1 << "… 1 clase más";
    QTest::newRow("es plural 3") << "es" << chart << more << 3 << "… 3 clases más";
}

void TestTranslations::compiledTranslations()
{
    QFETCH(QString, language);
    QFETCH(QString, context);
    QFETCH(QString, source);
    QFETCH(int, n);
    QFETCH(QString, expected);
    const QString qm = QStringLiteral(":/i18n/lantern_%1.qm").arg(language);
    QVERIFY2(QFile::exists(qm), qPrintable(qm + QStringLiteral(" is not in the gui library's resources")));
    QTranslator translator;
    // The way main.cpp loads it: by locale from :/i18n.
    QVERIFY2(
        translator.load(QLocale(language), QStringLiteral("lantern"), QStringLiteral("_"), QStringLiteral(":/i18n")),
        qPrintable(qm));
    QVERIFY(QCoreApplication::installTranslator(&translator));
    const QByteArray ctx = context.toUtf8(), src = source.toUtf8();
    const QString got = QCoreApplication::translate(ctx.constData(), src.constData(), nullptr, n);
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(got, expected);
    // Without the translator the source comes back.
    QCOMPARE(QCoreApplication::translate(ctx.constData(), src.constData(), nullptr, n),
             n < 0 ? source : QString(source).replace(QLatin1String("%n"), QString::number(n)));
}

void TestTranslations::compiledMatchesTs_data()
{
    sourcesMatchTsFiles_data();
}

// Every finished, singular message of the .ts file comes out of the compiled .qm: the resource is up to date.
void TestTranslations::compiledMatchesTs()
{
    QFETCH(QString, language);
    const TsFile ts = readTs(tsPath(language));
    QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/lantern_%1.qm").arg(language)));
    QStringList problems;
    int checked = 0;
    for (const Message& m : ts.messages) {
        if (m.numerus || !m.type.isEmpty())
            continue;
        const QByteArray ctx = m.context.toUtf8(), src = m.source.toUtf8(), cmt = m.comment.toUtf8();
        const QString got =
            translator.translate(ctx.constData(), src.constData(), m.comment.isEmpty() ? nullptr : cmt.constData());
        if (got != m.translations.value(0))
            problems << m.label() + QStringLiteral(": .qm gives \"%1\"").arg(got);
        ++checked;
    }
    QVERIFY(checked > 100);
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 problem(s):\n  ").arg(problems.size()) +
                                            problems.join(QStringLiteral("\n  "))));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"

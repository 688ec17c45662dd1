// io::runIsolated, which keeps a crash of a file library (HDF5 on a corrupt file) in a child process: every way a
// child can end, and what the caller sees for it.
#include "lantern/error.h"
#include "lantern/io/isolation.h"

#include <QtTest>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include <unistd.h>

using namespace lantern;
using namespace std::chrono_literals;

class TestIsolation : public QObject {
    Q_OBJECT

private slots:
    void childOutcomes_data()
    {
        QTest::addColumn<int>("how");
        QTest::addColumn<QString>("message"); // empty: returns normally
        QTest::addColumn<bool>("crashed");    // a ChildCrashedError (a verdict on the input), else a plain IoError
        QTest::newRow("finishes") << 0 << QString() << false;
        QTest::newRow("throws (the caller repeats the work to see it)") << 1 << QString() << false;
        QTest::newRow("segmentation fault") << 2 << QStringLiteral("crashed while reading it (signal 11") << true;
        QTest::newRow("abort") << 3 << QStringLiteral("crashed while reading it (signal 6") << true;
        QTest::newRow("exits with status 3") << 4 << QStringLiteral("exited with status 3") << true;
        QTest::newRow("hangs") << 5 << QStringLiteral("did not finish reading it within 1 s") << false;
    }

    void childOutcomes()
    {
        QFETCH(int, how);
        QFETCH(QString, message);
        QFETCH(bool, crashed);
        const auto body = [how] {
            switch (how) {
            case 1: throw std::runtime_error("a reader error");
            case 2: std::raise(SIGSEGV); break;
            case 3: std::abort();
            case 4: ::_exit(3);
            case 5: std::this_thread::sleep_for(30s); break;
            default: break;
            }
        };
        const auto start = std::chrono::steady_clock::now();
        try {
            io::runIsolated("corrupt.h5", "the HDF5 library", body, 1000ms);
            QVERIFY2(message.isEmpty(), "no error");
        } catch (const IoError& e) {
            QVERIFY2(!message.isEmpty(), e.what());
            const QString what = QString::fromStdString(e.what());
            QVERIFY2(what.startsWith("corrupt.h5: the HDF5 library "), e.what());
            QVERIFY2(what.contains(message), e.what());
            QCOMPARE(dynamic_cast<const io::ChildCrashedError*>(&e) != nullptr, crashed);
        }
        QVERIFY(std::chrono::steady_clock::now() - start < 5s); // a hang is cut at the timeout
    }

    void callerStateIsUntouched()
    {
        int value = 1;
        io::runIsolated("f", "lib", [&] { value = 2; }, 5000ms);
        QCOMPARE(value, 1); // the child wrote its own copy
    }
};

QTEST_APPLESS_MAIN(TestIsolation)
#include "test_isolation.moc"

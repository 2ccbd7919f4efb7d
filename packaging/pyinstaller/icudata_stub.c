/* An empty ICU common-data library, in place of Qt's 31 MB libicudata (what ICU's own
 * "stubdata" library is). Qt finds no ICU data and falls back to its own code:
 * QCollator compares by code point (only Qt's non-native file dialog sorts with it)
 * and Qt's non-UTF text codecs are missing (Assay decodes files in Python).
 * Built by packaging/build.py on Linux: cc -shared -DICU_VERSION=73 ... */
#include <stdint.h>

#define DATA_SYMBOL_(version) icudt##version##_dat
#define DATA_SYMBOL(version) DATA_SYMBOL_(version)

typedef struct {
    uint16_t headerSize;
    uint8_t magic1, magic2;
    struct {
        uint16_t size, reservedWord;
        uint8_t isBigEndian, charsetFamily, sizeofUChar, reservedByte;
        uint8_t dataFormat[4], formatVersion[4], dataVersion[4];
    } info;
    char padding[8];
    uint32_t count, reserved;
    struct { uint32_t nameOffset, dataOffset; } toc[1];
} IcuDataHeader;

__attribute__((visibility("default"), aligned(16)))
const IcuDataHeader DATA_SYMBOL(ICU_VERSION) = {
    32, 0xda, 0x27,
    {20, 0, 0, 0, 2, 0, {0x54, 0x6f, 0x43, 0x50} /* "ToCP" */, {1, 0, 0, 0}, {0, 0, 0, 0}},
    {0}, 0 /* no entries */, 0, {{0, 0}},
};

/* Stands in for Windows PowerShell in the Wine tests (scripts/wine-os-tests.sh):
 * Wine has no Defender cmdlets or Security Center, so this program, installed
 * as C:\windows\system32\WindowsPowerShell\v1.0\powershell.exe in a throwaway
 * prefix, records its command line in C:\gomedic-ps\args.txt and prints the
 * answer a real PowerShell would (C:\gomedic-ps\answer.json, written by the
 * test from testdata/vectors/windows-security shapes). When C:\gomedic-ps\hang
 * exists it never answers, to test gomedic's time bound. */
#include <windows.h>
#include <stdio.h>

int main(void) {
    FILE *args = fopen("C:\\gomedic-ps\\args.txt", "wb");
    if (args) {
        fputs(GetCommandLineA(), args);
        fclose(args);
    }
    if (GetFileAttributesA("C:\\gomedic-ps\\hang") != INVALID_FILE_ATTRIBUTES) {
        Sleep(600000);
        return 0;
    }
    FILE *answer = fopen("C:\\gomedic-ps\\answer.json", "rb");
    if (!answer) {
        fputs("powershell stand-in: no C:\\gomedic-ps\\answer.json\n", stderr);
        return 1;
    }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, answer)) > 0) {
        fwrite(buf, 1, n, stdout);
    }
    fclose(answer);
    return 0;
}

; Inno Setup script: Assay's Windows installer over the PyInstaller one-folder build.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\assay.iss
;
; (the CI workflow passes the package's version, `python -c "import assay; print(assay.__version__)"`).
; Defaults, each overridable with /DNAME=VALUE: the build in build\dist\assay (python
; packaging\build.py, which runs this script itself when iscc is on PATH), its windowed
; program assay-gui.exe (assay.exe beside it is the console one, for the command line),
; the icon from
; `python packaging\make_icons.py build\icons`.
;
; Installs for the current user without administrator rights (Program Files when run as
; an administrator who chooses "all users"). Registers .assay and .assaybundle with the
; icon (a double-click opens them in Assay, which hands them to a running Assay), adds
; a Start menu entry, and offers Assay under "Open with" for PDF, DOCX and HTML through
; OpenWithProgids: never their default program.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\assay.iss
#endif
#ifndef BuildDir
  #define BuildDir "..\..\build\dist\assay"
#endif
#ifndef AppExe
  #define AppExe "assay-gui.exe"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\assay.ico"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\build\dist"
#endif

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{1E96235D-5FAE-434F-939B-CD248CCC87FA}
AppName=Assay
AppVersion={#AppVersion}
AppVerName=Assay {#AppVersion}
AppPublisher=Assay
AppComments=Review the claims in scientific and health texts, sentence by sentence
DefaultDirName={autopf}\Assay
DefaultGroupName=Assay
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\assay.ico
UninstallDisplayName=Assay
OutputDir={#OutputDir}
OutputBaseFilename=Assay-{#AppVersion}-windows-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Files]
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#IconFile}"; DestDir: "{app}"; DestName: "assay.ico"; Flags: ignoreversion
Source: "..\..\LICENSE"; DestDir: "{app}"; DestName: "LICENSE.txt"; Flags: ignoreversion

[Icons]
Name: "{group}\Assay"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\assay.ico"; Comment: "Review the claims in scientific and health texts"
Name: "{group}\Uninstall Assay"; Filename: "{uninstallexe}"

[Registry]
; HKA is HKCU for a per-user install and HKLM for an all-users one.
; Reviews: .assay -> Assay.Review, owned by Assay.
Root: HKA; Subkey: "Software\Classes\.assay"; ValueType: string; ValueName: ""; ValueData: "Assay.Review"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.assay"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-assay-review"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Assay.Review"; ValueType: string; ValueName: ""; ValueData: "Assay review"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Assay.Review\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\assay.ico,0"
Root: HKA; Subkey: "Software\Classes\Assay.Review\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; Bundles: .assaybundle -> Assay.Bundle (a double-click shows the merge's dry run).
Root: HKA; Subkey: "Software\Classes\.assaybundle"; ValueType: string; ValueName: ""; ValueData: "Assay.Bundle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.assaybundle"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-assay-bundle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Assay.Bundle"; ValueType: string; ValueName: ""; ValueData: "Assay bundle"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Assay.Bundle\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\assay.ico,0"
Root: HKA; Subkey: "Software\Classes\Assay.Bundle\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; Documents: Assay is offered under "Open with" (OpenWithProgids), never made the default
; (the extensions' own default value is left alone).
Root: HKA; Subkey: "Software\Classes\Assay.Document"; ValueType: string; ValueName: ""; ValueData: "Document to review in Assay"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Assay.Document\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\assay.ico,0"
Root: HKA; Subkey: "Software\Classes\Assay.Document\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.pdf\OpenWithProgids"; ValueType: none; ValueName: "Assay.Document"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.docx\OpenWithProgids"; ValueType: none; ValueName: "Assay.Document"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.html\OpenWithProgids"; ValueType: none; ValueName: "Assay.Document"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.htm\OpenWithProgids"; ValueType: none; ValueName: "Assay.Document"; Flags: uninsdeletevalue
; The program's own entry: its name in "Open with" and the types it takes.
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "Assay"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\assay.ico,0"
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".assay"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".assaybundle"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".pdf"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".docx"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".html"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".htm"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start Assay"; Flags: nowait postinstall skipifsilent

; Inno Setup script for 工会办公室 (Inno Setup 6.4 or newer, which ships ChineseSimplified.isl).
; Build the bundle first (packaging\unionoffice.spec), then: iscc packaging\windows\unionoffice.iss
;
; - Installs for the current user only: no administrator rights (PrivilegesRequired=lowest), into
;   %LOCALAPPDATA%\Programs\unionoffice.
; - The office data lives elsewhere (%LOCALAPPDATA%\unionoffice, chosen by the program through
;   platformdirs), so neither uninstalling nor upgrading in place touches it.
; - Upgrades in place: the same AppId finds the earlier installation and replaces the program files.

#define AppVersion GetEnv("UNIONOFFICE_VERSION")
#if AppVersion == ""
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F2B3C51-8E0A-4C7B-9D4E-2A1B0C9E7F30}
AppName=工会办公室
AppVersion={#AppVersion}
AppPublisher=unionoffice
AppVerName=工会办公室 {#AppVersion}
DefaultDirName={localappdata}\Programs\unionoffice
DefaultGroupName=工会办公室
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=unionoffice-{#AppVersion}-setup
SetupIconFile=..\..\unionoffice\resources\unionoffice.ico
UninstallDisplayIcon={app}\unionoffice.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面上创建快捷方式"; GroupDescription: "快捷方式："

[Files]
Source: "..\..\dist\unionoffice\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\工会办公室\工会办公室"; Filename: "{app}\unionoffice.exe"
Name: "{userprograms}\工会办公室\卸载工会办公室"; Filename: "{uninstallexe}"
Name: "{userdesktop}\工会办公室"; Filename: "{app}\unionoffice.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\unionoffice.exe"; Description: "启动工会办公室"; Flags: nowait postinstall skipifsilent

; Nothing under [UninstallDelete]: the data folder (%LOCALAPPDATA%\unionoffice) and its backups stay.

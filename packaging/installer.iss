; Inno Setup 6 script: the Windows installer of 老旧小区改造调查 (see packaging/README.md).
;
;   python packaging\build.py --smoke
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\installer.iss
;
; Installs dist\retrofit-app\ (made by PyInstaller from packaging\retrofit_app.spec) for the
; current user by default, so staff without administrator rights can install it; an
; administrator can choose "all users" in the dialog. Project files (.gpkg) and settings
; live outside the program folder and are never touched by install, update or uninstall.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "老旧小区改造调查"
#define AppExe "retrofit-app.exe"
#define CliExe "retrofit-app-cli.exe"
#define Source "..\dist\retrofit-app"

[Setup]
; The AppId identifies the program for updates and uninstall: never change it.
AppId={{6E0B6F3A-8C1D-4D4B-9A57-2F1C5E7A9B10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=老旧小区改造调查项目组
VersionInfoVersion={#AppVersion}
VersionInfoProductName=老旧小区改造调查 Retrofit Survey
DefaultDirName={autopf}\RetrofitSurvey
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=retrofit-app-{#AppVersion}-setup
SetupIconFile=icons\app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
; An update replaces the folder while the program is closed.
CloseApplications=yes
ChangesAssociations=yes

[Languages]
; Simplified Chinese first: it is the default when Windows is not set to another language.
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chs.CliName=老旧小区改造调查（命令行）
en.CliName=Retrofit Survey (command line)
chs.AssocGpkg=用本程序打开 GeoPackage 项目文件（.gpkg）
en.AssocGpkg=Open GeoPackage project files (.gpkg) with this program

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "assocgpkg"; Description: "{cm:AssocGpkg}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update must not leave libraries of the previous version beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Source}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autoprograms}\{cm:CliName}"; Filename: "{cmd}"; Parameters: "/k {#CliExe} --help"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; Optional: double-clicking a .gpkg opens it (per user unless installed for all users).
Root: HKA; Subkey: "Software\Classes\.gpkg\OpenWithProgids"; ValueType: string; ValueName: "RetrofitSurvey.gpkg"; ValueData: ""; Flags: uninsdeletevalue; Tasks: assocgpkg
Root: HKA; Subkey: "Software\Classes\RetrofitSurvey.gpkg"; ValueType: string; ValueName: ""; ValueData: "{#AppName} 项目"; Flags: uninsdeletekey; Tasks: assocgpkg
Root: HKA; Subkey: "Software\Classes\RetrofitSurvey.gpkg\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: assocgpkg
Root: HKA; Subkey: "Software\Classes\RetrofitSurvey.gpkg\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" gui ""%1"""; Tasks: assocgpkg

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Inno Setup 6 script for the Fanfare kiosk (see docs/deploy.md).
; Build (on Windows, after `pyinstaller packaging\kiosk.spec`):
;   iscc /DAppVersion=0.1.0 packaging\windows\fanfare-kiosk.iss
; Output: dist\installer\fanfare-kiosk-<version>-setup.exe
; Silent install for fleets: fanfare-kiosk-...-setup.exe /VERYSILENT /TASKS="autostart"

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Fanfare Kiosk"
#define AppExe "fanfare-kiosk.exe"
#define TaskName "Fanfare Kiosk"

[Setup]
AppId={{7B0F3C2E-5A0D-4C7E-9E43-6F1D2B8A9C10}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Fanfare
DefaultDirName={autopf}\Fanfare Kiosk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist\installer
OutputBaseFilename=fanfare-kiosk-{#AppVersion}-setup
SetupIconFile=..\icons\fanfare-kiosk.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
CloseApplications=force

[Tasks]
Name: "autostart"; Description: "Start the kiosk when this user signs in, and restart it if it stops"; Flags: unchecked
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Files]
Source: "..\..\dist\fanfare-kiosk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "kiosk-watchdog.ps1"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "run"
Name: "{group}\{#AppName} (windowed)"; Filename: "{app}\{#AppExe}"; Parameters: "run --windowed"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Parameters: "run"; Tasks: desktopicon

[Run]
; Autostart: a scheduled task at sign-in runs the watchdog, which restarts the kiosk when it exits.
Filename: "{sys}\schtasks.exe"; \
  Parameters: "/Create /F /TN ""{#TaskName}"" /SC ONLOGON /RL LIMITED /TR ""powershell.exe -NoProfile -ExecutionPolicy Bypass -WindowStyle Hidden -File \""{app}\kiosk-watchdog.ps1\"""""; \
  Flags: runhidden; Tasks: autostart
Filename: "{app}\{#AppExe}"; Parameters: "run --windowed"; Description: "Start {#AppName} now (windowed)"; Flags: nowait postinstall skipifsilent unchecked

[UninstallRun]
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /F /TN ""{#TaskName}"""; Flags: runhidden; RunOnceId: "DeleteTask"
Filename: "{sys}\taskkill.exe"; Parameters: "/F /IM {#AppExe}"; Flags: runhidden; RunOnceId: "StopKiosk"

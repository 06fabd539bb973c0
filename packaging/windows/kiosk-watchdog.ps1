# Restart-on-crash wrapper for the Fanfare kiosk on Windows (run by the "Fanfare Kiosk"
# scheduled task at sign-in; see docs/deploy.md). Starts the kiosk, waits for it to exit,
# notes the exit in a log, and starts it again after a short pause.
$ErrorActionPreference = "Continue"
$exe = Join-Path $PSScriptRoot "fanfare-kiosk.exe"
$logDir = Join-Path $env:LOCALAPPDATA "fanfare-kiosk\Logs"
New-Item -ItemType Directory -Force -Path $logDir | Out-Null
$log = Join-Path $logDir "watchdog.log"
while ($true) {
    Add-Content -Path $log -Value "$(Get-Date -Format o) starting $exe run"
    $process = Start-Process -FilePath $exe -ArgumentList "run" -PassThru -Wait
    Add-Content -Path $log -Value "$(Get-Date -Format o) the kiosk exited with code $($process.ExitCode); restarting in 3 s"
    Start-Sleep -Seconds 3
}

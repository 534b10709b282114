; Inno Setup 6.3+ script: werkplek for Windows, installed per machine from the PyInstaller bundle.
;
; Build, on Windows, in the root of the repository (see README, "Uitrol"):
;   py -3.11 -m venv .venv
;   .venv\Scripts\python -m pip install -e .[dist]
;   .venv\Scripts\pyinstaller --noconfirm --clean installer\werkplek.spec
;   iscc installer\windows\werkplek.iss
; The result is dist\installer\werkplek-setup-<version>.exe. The bundle it packs is
; dist\werkplek\: werkplek.exe (no console, for agents, the Start menu and the werkplek: URL),
; werkplek-console.exe (the same program with a console, for IT) and _internal\.
; Another bundle folder: iscc /DBundel=C:\pad\naar\werkplek installer\windows\werkplek.iss
;
; Silent install (software distribution, e.g. SCCM/Intune), as administrator:
;   werkplek-setup-<version>.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;       [/DIR="D:\Programma's\Werkplek"]            another folder than {autopf}\Werkplek
;       [/PROFIEL="\\server\uitrol\gemeente.toml"]  a pre-provisioned profile, see below
;       [/TASKS="bureaublad"]                       also a shortcut on the desktop
;       [/LOG="C:\Windows\Temp\werkplek-setup.log"]
; /PROFIEL= copies that profile to {app}\profielen\ and starts werkplek with
; --config "{app}\profielen\<file>" from the Start menu and for werkplek: links, for every
; user of the machine. An update without /PROFIEL= keeps the profile of the previous install.
;
; Silent uninstall; the data of the users stays unless /GEBRUIKERSDATA=VERWIJDEREN is given
; (interactively the uninstaller asks, default no):
;   "{app}\unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART [/GEBRUIKERSDATA=VERWIJDEREN]

#ifndef Bundel
  #define Bundel SourcePath + "..\..\dist\werkplek"
#endif
#define Programma "werkplek.exe"
#define Console "werkplek-console.exe"
#if !FileExists(Bundel + "\" + Programma)
  #error De bundel ontbreekt: eerst pyinstaller --noconfirm --clean installer\werkplek.spec
#endif
; The version comes from werkplek.exe (installer/werkplek.spec writes pyproject's version).
#define Versie GetStringFileInfo(Bundel + "\" + Programma, PRODUCT_VERSION)
#if Versie == ""
  #error werkplek.exe heeft geen versie-informatie; bouw de bundel met installer\werkplek.spec
#endif

[Setup]
; The AppId ties every version together (update in place, one uninstall entry): never change.
AppId={{50893973-0EF9-44EE-9F8D-CB92C4D86DE1}
AppName=Werkplek
AppVersion={#Versie}
AppVerName=Werkplek {#Versie}
AppPublisher=Werkplek
; ASCII only below: iscc reads a script without BOM in the code page of the build machine.
AppComments=De werkplek van het Klant Contact Centrum: het hele klantbeeld in een scherm.
VersionInfoVersion={#Versie}
DefaultDirName={autopf}\Werkplek
DefaultGroupName=Werkplek
DisableProgramGroupPage=yes
; Per machine, for every user: administrator rights, no per-user install.
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename=werkplek-setup-{#Versie}
SetupIconFile=..\..\resources\icons\werkplek.ico
UninstallDisplayIcon={app}\{#Programma}
UninstallDisplayName=Werkplek
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An update closes a running werkplek (Restart Manager) instead of asking for a reboot.
CloseApplications=yes
RestartApplications=no
; The werkplek: URL scheme is registered: tell Explorer.
ChangesAssociations=yes

[Languages]
Name: "nl"; MessagesFile: "compiler:Languages\Dutch.isl"

[Tasks]
Name: "bureaublad"; Description: "Snelkoppeling op het bureaublad"; Flags: unchecked

[InstallDelete]
; An update replaces the whole bundle: nothing of an older Python or Qt stays behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundel}\{#Programma}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#Bundel}\{#Console}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#Bundel}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs
; The pre-provisioned profile of /PROFIEL=, read-only for users.
Source: "{code:ProfielBron}"; DestDir: "{app}\profielen"; Flags: external ignoreversion; Check: ProfielGegeven

[Dirs]
Name: "{app}\profielen"

[Icons]
Name: "{autoprograms}\Werkplek"; Filename: "{app}\{#Programma}"; Parameters: "{code:StartArgumenten}"; WorkingDir: "{app}"; Comment: "De werkplek van het Klant Contact Centrum"
Name: "{autodesktop}\Werkplek"; Filename: "{app}\{#Programma}"; Parameters: "{code:StartArgumenten}"; WorkingDir: "{app}"; Tasks: bureaublad

[Registry]
; The werkplek: URL scheme for screen pop (werkplek://pop?phone=...), per machine: the
; softphone opens the URL and the running werkplek opens the caller. "--" keeps whatever
; the URL holds from being read as an option.
Root: HKCR; Subkey: "werkplek"; ValueType: string; ValueName: ""; ValueData: "URL:Werkplek"; Flags: uninsdeletekey
Root: HKCR; Subkey: "werkplek"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKCR; Subkey: "werkplek\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#Programma}"",0"
Root: HKCR; Subkey: "werkplek\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#Programma}"" {code:StartArgumenten}-- ""%1"""

[Run]
Filename: "{app}\{#Programma}"; Parameters: "{code:StartArgumenten}"; Description: "Werkplek starten"; Flags: nowait postinstall skipifsilent unchecked

[UninstallDelete]
; Only what setup put there; the data of the users is in their own profile (see below).
Type: filesandordirs; Name: "{app}\profielen"
Type: dirifempty; Name: "{app}"

[Code]
const
  GebruikersdataParameter = '/GEBRUIKERSDATA=VERWIJDEREN';

var
  ProfielParameter: String;

{ The profile given with /PROFIEL=, or '' }
function ProfielGegeven(): Boolean;
begin
  Result := ProfielParameter <> '';
end;

function ProfielBron(Param: String): String;
begin
  Result := ProfielParameter;
end;

function InitializeSetup(): Boolean;
begin
  Result := True;
  ProfielParameter := ExpandConstant('{param:PROFIEL|}');
  if ProfielParameter = '' then
    exit;
  if CompareText(ExtractFileExt(ProfielParameter), '.toml') <> 0 then begin
    SuppressibleMsgBox('/PROFIEL= moet een profielbestand (.toml) zijn: ' + ProfielParameter,
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end else if not FileExists(ProfielParameter) then begin
    SuppressibleMsgBox('Het profiel van /PROFIEL= bestaat niet: ' + ProfielParameter,
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end;
end;

{ The profile werkplek starts with: the new one, or the one of the previous install if that
  file is still there; '' for none (werkplek then finds its profile itself). }
function Profiel(): String;
begin
  if ProfielParameter <> '' then
    Result := ExtractFileName(ProfielParameter)
  else begin
    Result := GetPreviousData('Profiel', '');
    if (Result <> '') and not FileExists(ExpandConstant('{app}\profielen\') + Result) then
      Result := '';
  end;
end;

{ The options before the URL or nothing: --config "<app>\profielen\<file>" }
function StartArgumenten(Param: String): String;
begin
  if Profiel() = '' then
    Result := ''
  else
    Result := '--config "' + ExpandConstant('{app}\profielen\') + Profiel() + '" ';
end;

procedure RegisterPreviousData(PreviousDataKey: Integer);
begin
  SetPreviousData(PreviousDataKey, 'Profiel', Profiel());
end;

function ParameterGegeven(Naam: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Naam) = 0 then
      Result := True;
end;

{ %LOCALAPPDATA%\werkplek of every user: profiles, the local encrypted store, the embedded
  database and the logs (platformdirs, see README). The keys in each user's Credential
  Manager cannot be reached from here; without the files they open nothing. }
procedure VerwijderGebruikersdata();
var
  Zoek: TFindRec;
  Gebruikers, Map: String;
begin
  Gebruikers := ExpandConstant('{sd}\Users\');
  if not FindFirst(Gebruikers + '*', Zoek) then
    exit;
  try
    repeat
      if ((Zoek.Attributes and FILE_ATTRIBUTE_DIRECTORY) <> 0) and (Zoek.Name <> '.') and
         (Zoek.Name <> '..') then begin
        Map := Gebruikers + Zoek.Name + '\AppData\Local\werkplek';
        if DirExists(Map) then begin
          Log('Gegevens van werkplek verwijderd: ' + Map);
          DelTree(Map, True, True, True);
        end;
      end;
    until not FindNext(Zoek);
  finally
    FindClose(Zoek);
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  if ParameterGegeven(GebruikersdataParameter) then
    VerwijderGebruikersdata()
  else if not UninstallSilent then
    if MsgBox('Ook de gegevens van werkplek van alle gebruikers van deze computer ' +
              'verwijderen (profielen, lokale opslag, ingebouwde database, logboeken)?' + #13#10#13#10 +
              'Contacten die nog niet verzonden zijn, gaan dan verloren. Kies Nee om ze te ' +
              'bewaren voor een volgende installatie.',
              mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
      VerwijderGebruikersdata();
end;

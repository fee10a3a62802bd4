"""The errors core services raise: a code the front ends turn into a sentence."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    IS_DIRECTORY = "is_directory"
    NOT_SQLITE = "not_sqlite"
    NOT_PROJECT = "not_project"
    TOO_NEW = "too_new"
    LOCKED = "locked"
    NETWORK_HELD = "network_held"
    READ_ONLY = "read_only"
    EXISTS = "exists"
    CORRUPT = "corrupt"
    DISK_FULL = "disk_full"
    NO_SUCH_ESTATE = "no_such_estate"
    AMBIGUOUS_ESTATE = "ambiguous_estate"
    DUPLICATE_CODE = "duplicate_code"
    INVALID_VALUE = "invalid_value"
    NO_SUCH_RECORD = "no_such_record"
    STAGE_BLOCKED = "stage_blocked"
    CANNOT_WRITE = "cannot_write"
    TEMPLATE_INVALID = "template_invalid"
    TEMPLATE_DUPLICATE_ITEM = "template_duplicate_item"
    TEMPLATE_VERSION_EXISTS = "template_version_exists"
    NO_SUCH_ITEM = "no_such_item"
    INVALID_ANSWER = "invalid_answer"
    DEFECT_STATUS = "defect_status"
    NO_SUCH_RULE = "no_such_rule"
    ROSTER_UNREADABLE = "roster_unreadable"
    ROSTER_COLUMNS = "roster_columns"
    ROSTER_REJECTED = "roster_rejected"
    # reports (issue 7)
    PDF_FONT_FALLBACK = "pdf_font_fallback"
    NO_CONSULTATION = "no_consultation"
    NO_SUCH_UNIT = "no_such_unit"
    FEASIBILITY_NEEDS_SCOPE = "feasibility_needs_scope"
    NO_SUCH_PLACE = "no_such_place"
    ACCEPTANCE_OVERRIDE = "acceptance_override"  # issue 16: nothing open to override
    NO_VOTE_TO_REVIEW = "no_vote_to_review"
    CHECKLIST_NOT_ONE = "checklist_not_one"
    CANCELLED = "cancelled"
    # map and GeoJSON (issue 6)
    NO_SUCH_FILE = "no_such_file"
    NOT_MBTILES = "not_mbtiles"
    NOT_GEOJSON = "not_geojson"
    INVALID_GEOMETRY = "invalid_geometry"
    UNKNOWN_FORMAT = "unknown_format"
    # photos (issue 5)
    PHOTO_EMPTY = "photo_empty"
    PHOTO_NOT_IMAGE = "photo_not_image"
    PHOTO_UNSUPPORTED = "photo_unsupported"
    PHOTO_TRUNCATED = "photo_truncated"
    PHOTO_DAMAGED = "photo_damaged"
    PHOTO_BOMB = "photo_bomb"
    PHOTO_VANISHED = "photo_vanished"
    PHOTO_UNREADABLE = "photo_unreadable"
    PHOTO_EXIF_UNREADABLE = "photo_exif_unreadable"
    PHOTO_NOT_IMPORTED = "photo_not_imported"
    PHOTO_WRONG_ESTATE = "photo_wrong_estate"
    PHOTO_CHANGED = "photo_changed"
    # field exchange and backups (issue 8)
    NOT_A_PACKAGE = "not_a_package"
    FOREIGN_PACKAGE = "foreign_package"
    PACKAGE_BASE_MISSING = "package_base_missing"
    PACKAGE_DAMAGED = "package_damaged"
    NO_ESTATES_CHOSEN = "no_estates_chosen"
    MERGE_FAILED = "merge_failed"
    NO_SUCH_BACKUP = "no_such_backup"
    CONFLICT_DONE = "conflict_done"
    PACKAGE_OUT_OF_LANE = "package_out_of_lane"
    PACKAGE_SCHEMA_CHANGED = "package_schema_changed"
    MERGE_RACED = "merge_raced"
    # reliability (issue 9)
    ROSTER_EMPTY = "roster_empty"
    # report language (issue 10)
    REPORT_LANGUAGE = "report_language"
    # input files and exports (issue 23)
    NOT_REGULAR_FILE = "not_regular_file"
    FILE_TOO_LARGE = "file_too_large"
    CANNOT_READ = "cannot_read"
    ROSTER_TOO_MANY_ROWS = "roster_too_many_rows"
    XLSX_TOO_LARGE = "xlsx_too_large"
    XML_ENTITIES = "xml_entities"
    # start-up on Linux (issue 27)
    QT_LIBRARIES_MISSING = "qt_libraries_missing"
    # the project file beside other programs, on read-only media, on a full disk (issue 23)
    WAL_NOT_FOLDED = "wal_not_folded"
    READ_ONLY_LOG = "read_only_log"
    OPEN_PROJECT_AS_INPUT = "open_project_as_input"
    # names, notes, JSON files and document numbers kept in bounds (issue 23)
    TEXT_TOO_LONG = "text_too_long"
    DOC_NUMBER_PATTERN = "doc_number_pattern"
    # public notice periods and their conclusion (issue 15)
    NOTICE_NOT_STARTED = "notice_not_started"
    NOTICE_NOT_OVER = "notice_not_over"
    NOTICE_END_UNKNOWN = "notice_end_unknown"
    NOTICE_HAS_OBJECTIONS = "notice_has_objections"
    REVIEW_IN_FUTURE = "review_in_future"
    # project files other programs copied or changed (issue 25)
    PARTIAL_COPY = "partial_copy"
    VIEWS_AS_TABLES = "views_as_tables"
    NEEDS_UPGRADE = "needs_upgrade"
    CONSTRAINTS_LOST = "constraints_lost"
    # the programme's review reports (issue 19)
    REVIEW_PERIOD = "review_period"
    # backups that keep each photo once (issue 21)
    BACKUP_NO_ROOM = "backup_no_room"
    BACKUP_PHOTOS_MISSING = "backup_photos_missing"
    BACKUP_RECORDS = "backup_records"
    # reports that prove their basis (issue 20)
    DIGEST_NOT_ISSUED = "digest_not_issued"
    NO_DIGEST_IN_PDF = "no_digest_in_pdf"
    PDFA_FONT_NOT_EMBEDDED = "pdfa_font_not_embedded"
    PDFA1_TRANSPARENCY = "pdfa1_transparency"
    SIGN_KEY_UNREADABLE = "sign_key_unreadable"
    SIGN_PASSWORD_UNSET = "sign_password_unset"
    REPORT_DATA_CHANGED = "report_data_changed"
    SIGNATURE_REFUSED = "signature_refused"
    # the programme's plan, money, elevators and management (issue 19)
    DATE_INVALID = "date_invalid"
    DATE_ORDER = "date_order"
    NEGATIVE_VALUE = "negative_value"
    MONEY_PRECISION = "money_precision"
    FLOOR_SHARE_EXISTS = "floor_share_exists"
    WORK_EXISTS = "work_exists"
    PLAN_NO_SHEET = "plan_no_sheet"
    # the district server (issue 26)
    SERVER_DRIVER_MISSING = "server_driver_missing"
    SERVER_URL_INVALID = "server_url_invalid"
    SERVER_UNREACHABLE = "server_unreachable"
    SERVER_LOGIN_FAILED = "server_login_failed"
    SERVER_NO_DATABASE = "server_no_database"
    SERVER_CONNECTION_LOST = "server_connection_lost"
    SERVER_NO_POSTGIS = "server_no_postgis"
    SERVER_SCHEMA_EXISTS = "server_schema_exists"
    SERVER_NOT_PUBLISHED = "server_not_published"
    SERVER_TOO_NEW = "server_too_new"
    SERVER_NEEDS_UPGRADE = "server_needs_upgrade"
    SERVER_BUSY = "server_busy"
    NOT_A_SERVER_COPY = "not_a_server_copy"
    SERVER_MIRROR_MISSING = "server_mirror_missing"
    SERVER_NO_SUCH_DISTRICT = "server_no_such_district"
    SERVER_PASSWORD_NEEDED = "server_password_needed"
    SERVER_TLS_REQUIRED = "server_tls_required"
    SERVER_TLS_FAILED = "server_tls_failed"
    KEYRING_UNAVAILABLE = "keyring_unavailable"


def write_failed(error: OSError, path: object) -> RetrofitError:
    """An OSError met writing `path`, as the sentence a user reads: disk full, or cannot write."""
    import errno

    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return RetrofitError(ErrorCode.DISK_FULL, path=path)
    return RetrofitError(ErrorCode.CANNOT_WRITE, path=path, detail=error.strerror or str(error))


class RetrofitError(Exception):
    """An error a user can act on; `code` picks the sentence, `params` fill it."""

    def __init__(self, code: ErrorCode, /, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")

    def sentence(self, language: str = "zh") -> str:
        from retrofit_app.core.messages import error_sentence

        return error_sentence(self, language)


class ProjectFileError(RetrofitError):
    """The project file cannot be opened or written as asked."""

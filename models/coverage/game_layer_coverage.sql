{#- Which final games of the schedule have rows in which layer. A layer is one relation,
    the one its gap_detection test reads (raw layers: no_data_feed as in that test). -#}
{%- set layers = [
    {'layer': 'raw_pbp', 'stage': 'raw', 'relation': source('nba_cdn', 'pbp_actions'), 'no_data_feed': 'pbp'},
    {'layer': 'raw_boxscore', 'stage': 'raw', 'relation': source('nba_cdn', 'boxscore_games'), 'no_data_feed': 'boxscore'},
    {'layer': 'player_game_summary', 'stage': 'analytics', 'relation': ref('player_game_summary')},
    {'layer': 'team_offense_game_summary', 'stage': 'analytics', 'relation': ref('team_offense_game_summary')},
    {'layer': 'team_defense_game_summary', 'stage': 'analytics', 'relation': ref('team_defense_game_summary')},
    {'layer': 'player_composite_factors', 'stage': 'precompute', 'relation': ref('player_composite_factors')},
    {'layer': 'ml_feature_store', 'stage': 'features', 'relation': ref('ml_feature_store')},
] -%}

with

schedule as (

    select * from {{ ref('stg_nba_cdn__schedule_games') }}

),

{% for layer in layers %}
{{ layer.layer }}__games as (

    select distinct cast(game_id as {{ dbt.type_string() }}) as game_id
    from {{ layer.relation }}

),

{{ layer.layer }}__known_gaps as (

    select
        game_id,
        min(reason) as reason
    from (
{{ known_gap_games(layer.layer, layer.get('no_data_feed')) }}
    ) as gaps
    group by game_id

),

{% endfor %}
final_games as (

    select
        cast(game_id as {{ dbt.type_string() }}) as game_id,
        game_date
    from schedule
    where game_status = 3
        and game_date is not null

),

layer_games as (
{% for layer in layers %}
    select
        final_games.game_id,
        final_games.game_date,
        cast('{{ layer.layer }}' as {{ dbt.type_string() }}) as layer,
        cast('{{ layer.stage }}' as {{ dbt.type_string() }}) as stage,
        {{ loop.index }} as layer_order,
        present.game_id is not null as is_present,
        known.reason as known_gap_reason
    from final_games
    left join {{ layer.layer }}__games as present
        on final_games.game_id = present.game_id
    left join {{ layer.layer }}__known_gaps as known
        on final_games.game_id = known.game_id
    {%- if not loop.last %}

    union all
    {% endif %}
{% endfor %}
)

select * from layer_games
